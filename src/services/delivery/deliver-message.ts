import { and, eq } from "drizzle-orm";
import { messages } from "../../db/schema";
import { jobDefinitions } from "../../jobs/definitions";
import { PermanentJobError } from "../../jobs/errors";
import { jobKeys } from "../../jobs/job-keys";
import type { JobContext } from "../../jobs/port";
import { skipIfStale } from "../../jobs/stale-guard";
import { DeliveryError, isDeliveryError } from "../../providers/sms/delivery-error";
import { recordAudit } from "../audit/record-audit";
import { openRecipient } from "../contact-details/contact-details";
import { alertDeliveryProblem, resolveDeliveryProblems } from "./delivery-alerts";
import { statusCallbackUrl } from "./status-callback";
import { ACCOUNT_NOTICE_PURPOSES, maskedBodyAssociatedData, messageBodyAssociatedData, providerFor, sealBodies, withdrawQueued, type MessageRow } from "./message-rows";
import { handleOptedOut } from "./opt-out";
import { isOptedOut } from "./recipients";
import { renderMessage } from "./render-message";
import type { ServiceDeps } from "../deps";
import { DOOR_MESSAGE_PURPOSES } from "../door/door-messages";

const MAX_ATTEMPTS = jobDefinitions["messages.deliver"].attempts;
/**
 * Longer than any provider call may take (Twilio 15 s, SMTP 30 s timeouts): a row `sending` for less than this may
 * still be in the hands of another worker whose lease lapsed, so it is left alone and this job retries later.
 */
export const SENDING_GRACE_MS = 2 * 60_000;
const ACTOR = "job:messages.deliver";

const load = (deps: ServiceDeps, id: string) => deps.db.select().from(messages).where(eq(messages.id, id)).get();

/**
 * Alert notices and account notices (invites, password resets, new-device sign-ins) are composed when written, so the
 * stored text is what goes out; guest and cleaner messages are re-rendered at send time instead (see renderMessage).
 */
/** Written in full when queued: notices to the host, a grant's code (composed once its locks confirmed it), door activity's notices, account notices (invites, password resets, new-device sign-ins: their masked body hides the link). */
const STORED_TEXT_PURPOSES = new Set<string>(["alert", "alert_digest", "grant_code", "grant_update", ...DOOR_MESSAGE_PURPOSES, ...ACCOUNT_NOTICE_PURPOSES]);

function storedText(deps: Pick<ServiceDeps, "box">, row: MessageRow) {
  const body = deps.box.decrypt(row.bodyEnc, messageBodyAssociatedData(row.id));
  // No PIN in a notice to the host: its masked body is the body. A grant's message keeps the masked body it was queued with.
  const maskedBody = row.bodyMaskedEnc ? deps.box.decrypt(row.bodyMaskedEnc, maskedBodyAssociatedData(row.id)) : body;
  return { ok: true as const, message: { subject: row.subject ?? "staykey", body, maskedBody, usedDefault: false } };
}

/**
 * The `messages.deliver` processor. Exactly once rests on the row: it is claimed (`queued` → `sending`) in one
 * conditional UPDATE before the provider is called, so a second run of the job, a duplicate job or a concurrent
 * worker finds it no longer `queued` and does nothing. A row found in `sending` for longer than any send can take
 * means an earlier attempt died between the claim and recording the outcome: the provider may or may not have taken
 * it, and neither Twilio nor SMTP lets us ask by our key, so it is never sent blindly again. It is marked failed (`unknown_outcome`) and the host is told;
 * a resend from the API is one click if the guest says nothing arrived.
 */
export async function deliverMessage(deps: ServiceDeps, payload: { messageId: string }, ctx: Pick<JobContext, "jobId" | "attempt">): Promise<void> {
  const row = load(deps, payload.messageId);
  if (!row) return;
  if (row.status === "sending") {
    // On the last attempt it is settled regardless: otherwise the row could stay `sending` with no job left to settle it.
    const young = deps.clock.now().getTime() - row.updatedAt.getTime() < SENDING_GRACE_MS;
    if (young && ctx.attempt < MAX_ATTEMPTS) throw new Error("message is being sent by another attempt; checking again later");
    return settleUnknownOutcome(deps, row);
  }
  if (row.status !== "queued") return;
  if (skipIfStale("messages.deliver", ctx, row, deps.logger, { keyOf: jobKeys.message })) return;
  if (row.sendAt && row.sendAt.getTime() > deps.clock.now().getTime()) return;

  const rendered = STORED_TEXT_PURPOSES.has(row.purpose) ? storedText(deps, row) : renderMessage(deps, row);
  if (!rendered.ok) {
    await withdrawQueued(deps, row, rendered.reason);
    deps.logger.info({ messageId: row.id, reason: rendered.reason }, "message withdrawn before sending");
    return;
  }
  if (row.channel === "sms" && isOptedOut(deps, openRecipient(deps.box, row))) {
    return handleOptedOut(deps, row, new DeliveryError({ kind: "opted_out", provider: "twilio", code: "21610" }));
  }

  const now = deps.clock.now();
  const provider = providerFor(deps, row.channel);
  const claimed = deps.db.update(messages).set({
    status: "sending", provider, attempts: row.attempts + 1, subject: rendered.message.subject,
    ...sealBodies(deps, row.id, rendered.message), updatedAt: now,
  }).where(and(eq(messages.id, row.id), eq(messages.status, "queued"))).run();
  if (claimed.changes === 0) return;

  let providerId: string | null = null;
  try {
    providerId = await send(deps, row, rendered.message);
  } catch (err) {
    return onSendError(deps, load(deps, row.id)!, err, ctx.attempt);
  }
  deps.db.update(messages).set({ status: "sent", providerId, sentAt: deps.clock.now(), errorCode: null, error: null, updatedAt: deps.clock.now() })
    .where(and(eq(messages.id, row.id), eq(messages.status, "sending"))).run();
  recordAudit(deps.db, deps.clock, {
    accountId: row.accountId, actor: ACTOR, action: "message.send", subjectType: "message", subjectId: row.id, provider,
    ...(providerId ? { providerRequestId: providerId } : {}), detail: { channel: row.channel, purpose: row.purpose, attempt: ctx.attempt },
  });
  await resolveDeliveryProblems(deps, row);
  await deps.events.emit({ type: "message.settled", messageId: row.id });
  if (row.stayId && row.purpose === "guest_code") await deps.events.emit({ type: "guest-code.sent", stayId: row.stayId });
}

/** Returns the provider's id, or null for the outbox (the row is the delivery: visible in the API and dashboard). */
async function send(deps: ServiceDeps, row: MessageRow, message: { subject: string; body: string }): Promise<string | null> {
  if (row.channel === "sms") {
    if (!deps.messaging.sms) return null;
    const callback = statusCallbackUrl(deps);
    const result = await deps.messaging.sms.send({ to: openRecipient(deps.box, row), body: message.body, idempotencyKey: row.idempotencyKey, ...(callback ? { statusCallbackUrl: callback } : {}) });
    return result.providerId;
  }
  if (!deps.messaging.email) return null;
  const result = await deps.messaging.email.send({ to: openRecipient(deps.box, row), subject: message.subject, text: message.body, idempotencyKey: row.idempotencyKey });
  return result.providerId;
}

async function onSendError(deps: ServiceDeps, row: MessageRow, err: unknown, attempt: number): Promise<void> {
  // Adapters wrap every failure; anything else is a bug in between, retried like a transient fault.
  const error = isDeliveryError(err) ? err : new DeliveryError({ kind: "transient", provider: row.channel === "sms" ? "twilio" : "smtp", code: "unexpected" });
  recordAudit(deps.db, deps.clock, {
    accountId: row.accountId, actor: ACTOR, action: "message.send", subjectType: "message", subjectId: row.id, outcome: "error",
    provider: row.provider, detail: { channel: row.channel, purpose: row.purpose, kind: error.kind, code: error.code ?? null, attempt },
  });
  if (error.kind === "opted_out") return handleOptedOut(deps, row, error);
  if (error.retryable && attempt < MAX_ATTEMPTS) {
    // The provider refused or never answered: nothing went out, so the row goes back to queued for the retry.
    deps.db.update(messages).set({ status: "queued", errorCode: error.code ?? error.kind, error: error.message, updatedAt: deps.clock.now() })
      .where(and(eq(messages.id, row.id), eq(messages.status, "sending"))).run();
    throw error;
  }
  if (markFailed(deps, row, error.code ?? error.kind, error.message)) await deps.events.emit({ type: "message.settled", messageId: row.id });
  await alertDeliveryProblem(deps, row, error.message, { notifyEvenIfCovered: error.kind === "invalid_recipient" || error.kind === "auth" });
  throw new PermanentJobError(error.message);
}

async function settleUnknownOutcome(deps: ServiceDeps, row: MessageRow): Promise<void> {
  const reason = "an earlier attempt stopped while sending; it may or may not have arrived, so it was not sent again";
  if (!markFailed(deps, row, "unknown_outcome", reason, "sending")) return;
  await deps.events.emit({ type: "message.settled", messageId: row.id });
  deps.logger.warn({ messageId: row.id }, "message left in sending by a crashed attempt: marked failed, not resent");
  await alertDeliveryProblem(deps, row, reason, { notifyEvenIfCovered: true });
}

export function markFailed(deps: Pick<ServiceDeps, "db" | "clock">, row: MessageRow, code: string, error: string, from: MessageRow["status"] = "sending"): boolean {
  return deps.db.update(messages).set({ status: "failed", errorCode: code, error, updatedAt: deps.clock.now() })
    .where(and(eq(messages.id, row.id), eq(messages.status, from))).run().changes === 1;
}
