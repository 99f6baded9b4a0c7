import { and, eq, inArray } from "drizzle-orm";
import type { PropertyRow, StayRow } from "../../db/rows";
import { messages, properties, stays } from "../../db/schema";
import { guestSendAt, messageKeys } from "../../domain/messages";
import { openRecipient, openStay } from "../contact-details/contact-details";
import { bodyAnnounces } from "./announced";
import { enqueueDelivery, queueMessage, rescheduleQueued, withdrawQueued, type MessageRow } from "./message-rows";
import { guestRecipients } from "./recipients";
import { renderMessage } from "./render-message";
import type { ServiceDeps } from "../deps";

export interface ScheduleResult {
  /** Message ids written or moved by this call (existing rows included). */
  messageIds: string[];
  /** Why nothing was scheduled, when nothing was. */
  skipped?: string;
}

function loadStay(deps: ServiceDeps, stayId: string) {
  const stay = deps.db.select().from(stays).where(eq(stays.id, stayId)).get();
  const property = stay ? deps.db.select().from(properties).where(eq(properties.id, stay.propertyId)).get() : undefined;
  return stay && property ? { stay, property } : undefined;
}

const sendAtFor = (deps: ServiceDeps, stay: StayRow, property: PropertyRow) =>
  guestSendAt({ checkInAt: stay.earlyCheckInAt ?? stay.checkInAt, zone: property.timezone, leadMinutes: property.messageLeadMinutes, now: deps.clock.now() });

/**
 * Called by the code lifecycle once a guest code (or an assigned backup code) is confirmed on the lock. Queues the
 * code message on each of the guest's channels for the property's lead before check-in (at once for a late booking).
 * Sends nothing while no code is confirmed. Safe to call any number of times: one message per stay and channel.
 */
export async function scheduleGuestCodeMessages(deps: ServiceDeps, stayId: string): Promise<ScheduleResult> {
  const loaded = loadStay(deps, stayId);
  if (!loaded) return { messageIds: [], skipped: "stay not found" };
  const { stay, property } = loaded;
  if (stay.checkOutAt.getTime() <= deps.clock.now().getTime()) return { messageIds: [], skipped: "stay is over" };
  const rendered = renderMessage(deps, { accountId: stay.accountId, purpose: "guest_code", stayId: stay.id });
  if (!rendered.ok) return { messageIds: [], skipped: rendered.reason };
  const recipients = guestRecipients(deps, openStay(deps.box, stay));
  if (recipients.length === 0) return { messageIds: [], skipped: "the stay has no reachable phone or email" };

  // A guest who was already sent a PIN the host has since replaced needs the new one now, not at the usual lead.
  const sendAt = toldAnEarlierPin(deps, stay) ? deps.clock.now() : sendAtFor(deps, stay, property);
  const ids: string[] = [];
  for (const r of recipients) {
    const { row, created } = queueMessage(deps, {
      accountId: stay.accountId, propertyId: property.id, stayId: stay.id, channel: r.channel, recipient: r.to, purpose: "guest_code",
      subject: rendered.message.subject, body: rendered.message.body, maskedBody: rendered.message.maskedBody, idempotencyKey: messageKeys.guestCode(stay.id, r.channel, stay.pinGeneration), sendAt,
    });
    ids.push(row.id);
    if (created) await enqueueDelivery(deps, row);
    else await rescheduleQueued(deps, row, sendAt);
  }
  return { messageIds: ids };
}

function toldAnEarlierPin(deps: ServiceDeps, stay: StayRow): boolean {
  if (stay.pinGeneration === 0) return false;
  return deps.db.select({ id: messages.id }).from(messages)
    .where(and(eq(messages.stayId, stay.id), eq(messages.purpose, "guest_code"), inArray(messages.status, ["sending", "sent", "delivered"]))).get() !== undefined;
}

/**
 * Called after a stay's dates change. Before the code message went out it only moves it (the body is rendered when
 * it leaves); after, it sends a short update with the new window, once per stay version and only when the window the
 * guest was told actually changed. A cancelled stay gets nothing: queued messages are withdrawn.
 */
export async function scheduleGuestUpdate(deps: ServiceDeps, stayId: string): Promise<ScheduleResult> {
  const loaded = loadStay(deps, stayId);
  if (!loaded) return { messageIds: [], skipped: "stay not found" };
  const { stay, property } = loaded;
  const existing = deps.db.select().from(messages)
    .where(and(eq(messages.stayId, stay.id), inArray(messages.purpose, ["guest_code", "guest_update"]))).all();
  if (stay.status !== "confirmed") {
    await cancelGuestMessages(deps, stay.id);
    return { messageIds: [], skipped: "stay was cancelled" };
  }
  const codeMessages = existing.filter((m) => m.purpose === "guest_code");
  if (codeMessages.length === 0) return scheduleGuestCodeMessages(deps, stay.id);

  const ids: string[] = [];
  const sendAt = sendAtFor(deps, stay, property);
  for (const m of codeMessages.filter((m) => m.status === "queued")) {
    await rescheduleQueued(deps, m, sendAt);
    ids.push(m.id);
  }
  const rendered = renderMessage(deps, { accountId: stay.accountId, purpose: "guest_update", stayId: stay.id });
  if (!rendered.ok) return { messageIds: ids, skipped: rendered.reason };
  for (const told of lastToldPerChannel(existing)) {
    if (rendered.window && bodyAnnounces(deps, told, rendered.window)) continue;
    const { row, created } = queueMessage(deps, {
      accountId: stay.accountId, propertyId: property.id, stayId: stay.id, channel: told.channel, recipient: openRecipient(deps.box, told), purpose: "guest_update",
      subject: rendered.message.subject, body: rendered.message.body, maskedBody: rendered.message.maskedBody, idempotencyKey: messageKeys.guestUpdate(stay.id, stay.version, told.channel),
      sendAt: deps.clock.now(),
    });
    ids.push(row.id);
    if (created) await enqueueDelivery(deps, row);
  }
  return { messageIds: ids };
}

/** Withdraws every guest message of a stay that has not gone out. Nothing is sent to a cancelled guest. */
export async function cancelGuestMessages(deps: ServiceDeps, stayId: string): Promise<number> {
  return withdrawGuestMessages(deps, stayId, "stay was cancelled");
}

/** Withdraws every message of a stay still waiting to go out (a cancelled stay, a PIN replaced before it was sent). */
export async function withdrawGuestMessages(deps: ServiceDeps, stayId: string, reason: string): Promise<number> {
  const queued = deps.db.select().from(messages).where(and(eq(messages.stayId, stayId), eq(messages.status, "queued"))).all();
  let withdrawn = 0;
  for (const m of queued) if (await withdrawQueued(deps, m, reason)) withdrawn++;
  return withdrawn;
}

/** Per channel, the newest guest message that reached the provider: what the guest was last told. */
function lastToldPerChannel(rows: MessageRow[]): MessageRow[] {
  const told = rows.filter((m) => m.status === "sent" || m.status === "delivered");
  const byChannel = new Map<string, MessageRow>();
  for (const m of told.sort((a, b) => (a.sentAt?.getTime() ?? 0) - (b.sentAt?.getTime() ?? 0))) byChannel.set(m.channel, m);
  return [...byChannel.values()];
}
