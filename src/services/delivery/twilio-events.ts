import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { messages, webhookEvents } from "../../db/schema";
import { advanceStatus, type MessageStatus } from "../../domain/messages";
import type { Clock } from "../../lib/clock";
import { DeliveryError } from "../../providers/sms/delivery-error";
import { parseTwilioStatusCallback, type TwilioStatusCallback } from "../../providers/sms/twilio-status";
import { recordAudit } from "../audit/record-audit";
import { alertDeliveryProblem } from "./delivery-alerts";
import { clearOptOut, handleOptedOut, recordOptOut } from "./opt-out";
import type { ServiceDeps } from "../deps";

export type CallbackOutcome = "applied" | "stale" | "duplicate" | "unknown_message";

/** Records an event id; false when it was already seen (a replay or Twilio's own redelivery). */
export function firstSighting(db: Db, clock: Clock, provider: string, eventId: string): boolean {
  return db.insert(webhookEvents).values({ provider, eventId, receivedAt: clock.now() }).onConflictDoNothing().run().changes === 1;
}

/**
 * Applies a verified status callback. Deduped by MessageSid + status (the same event posted twice is a no-op), and
 * forward-only (a `sent` arriving after `delivered` changes nothing). Carrier failures (30003/30005/30006/30007…)
 * mark the message failed and tell the host when no other channel carries it; 21610 also records the opt-out.
 */
export async function applyTwilioStatus(deps: ServiceDeps, callback: TwilioStatusCallback): Promise<CallbackOutcome> {
  const row = deps.db.select().from(messages).where(and(eq(messages.providerId, callback.providerId), eq(messages.provider, "twilio"))).get();
  // Not recorded as seen: Twilio may post before our own write of the sid lands, and a redelivery should then apply.
  if (!row) return "unknown_message";
  if (!firstSighting(deps.db, deps.clock, "twilio", `${callback.providerId}_${callback.twilioStatus}`)) return "duplicate";
  if (callback.status === "failed" && callback.errorCode === "21610") {
    await handleOptedOut(deps, row, new DeliveryError({ kind: "opted_out", provider: "twilio", code: "21610" }));
    return "applied";
  }
  const incoming: MessageStatus = callback.status;
  const next = advanceStatus(row.status, incoming);
  if (!next) return "stale";
  const now = deps.clock.now();
  const failure = next === "failed" ? { errorCode: callback.errorCode ?? callback.twilioStatus, error: `${callback.twilioStatus}${callback.errorCode ? ` (${callback.errorCode})` : ""}` } : {};
  const moved = deps.db.update(messages).set({ status: next, ...(next === "delivered" ? { deliveredAt: now } : {}), ...failure, updatedAt: now })
    .where(and(eq(messages.id, row.id), eq(messages.status, row.status))).run();
  if (moved.changes === 0) return "stale";
  await deps.events.emit({ type: "message.settled", messageId: row.id });
  recordAudit(deps.db, deps.clock, {
    accountId: row.accountId, actor: "webhook:twilio", action: "message.status", subjectType: "message", subjectId: row.id, provider: "twilio",
    providerRequestId: callback.providerId, outcome: next === "failed" ? "error" : "ok", detail: { status: callback.twilioStatus, errorCode: callback.errorCode ?? null },
  });
  if (next === "failed") await alertDeliveryProblem(deps, { ...row, status: next }, `the carrier reported ${failure.error}`);
  return "applied";
}

/**
 * A verified `/webhooks/twilio/status` form: read in the provider's terms, then applied. A form that is not a message
 * status callback is ignored (and still answered, so Twilio does not retry it).
 */
export async function receiveTwilioStatus(deps: ServiceDeps, params: URLSearchParams): Promise<{ outcome: CallbackOutcome | "ignored"; twilioStatus?: string }> {
  const callback = parseTwilioStatusCallback(params);
  if (!callback) return { outcome: "ignored" };
  return { outcome: await applyTwilioStatus(deps, callback), twilioStatus: callback.twilioStatus };
}

const STOP_WORDS = new Set(["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "REVOKE"]);
const START_WORDS = new Set(["START", "YES", "UNSTOP"]);

/**
 * Inbound SMS: STOP-family words opt the sender out, START-family words opt them back in (Twilio's default keyword
 * handling, which it also applies on its side). Twilio's OptOutType field wins when present (Advanced Opt-Out can
 * define custom keywords). Other texts are ignored: staykey is not a chat.
 */
export function applyInboundSms(deps: Pick<ServiceDeps, "db" | "box" | "clock">, params: URLSearchParams): "opted_out" | "opted_in" | "ignored" | "duplicate" {
  const from = params.get("From");
  const sid = params.get("MessageSid") ?? params.get("SmsSid");
  if (!from || !sid) return "ignored";
  if (!firstSighting(deps.db, deps.clock, "twilio-inbound", sid)) return "duplicate";
  const type = (params.get("OptOutType") ?? "").toUpperCase();
  const word = (params.get("Body") ?? "").trim().toUpperCase();
  if (type === "STOP" || (!type && STOP_WORDS.has(word))) {
    recordOptOut(deps, from);
    return "opted_out";
  }
  if (type === "START" || (!type && START_WORDS.has(word))) {
    clearOptOut(deps, from);
    return "opted_in";
  }
  return "ignored";
}
