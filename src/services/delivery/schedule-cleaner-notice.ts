import { and, eq, gt, lte } from "drizzle-orm";
import type { ContactRow, PropertyRow, TurnoverRow } from "../../db/rows";
import { contacts, messages, properties, propertyCleaners, turnovers } from "../../db/schema";
import { cleanerNoticeAt, messageKeys } from "../../domain/messages";
import { openContact, openRecipient } from "../contact-details/contact-details";
import { bodyAnnounces } from "./announced";
import { enqueueDelivery, queueMessage, rescheduleQueued, withdrawQueued, type MessagePurpose, type MessageRow } from "./message-rows";
import { cleanerRecipient } from "./recipients";
import { renderMessage } from "./render-message";
import type { ScheduleResult } from "./schedule-guest-messages";
import type { ServiceDeps } from "../deps";


/**
 * Called when a turnover's cleaner code is confirmed, and when a turnover moves or is cancelled. Every cleaner of the
 * property gets one notice (property, window, code) at the property-local hour the day before; a move after the
 * notice went out sends a short update, a cancellation after it went out sends a cancellation. Nothing goes out
 * while the turnover has no confirmed cleaner code.
 */
export async function scheduleCleanerNotice(deps: ServiceDeps, turnoverId: string): Promise<ScheduleResult> {
  const turnover = deps.db.select().from(turnovers).where(eq(turnovers.id, turnoverId)).get();
  const property = turnover ? deps.db.select().from(properties).where(eq(properties.id, turnover.propertyId)).get() : undefined;
  if (!turnover || !property) return { messageIds: [], skipped: "turnover not found" };
  const cleaners = deps.db.select({ contact: contacts }).from(propertyCleaners)
    .innerJoin(contacts, eq(contacts.id, propertyCleaners.contactId))
    .where(and(eq(propertyCleaners.propertyId, property.id), eq(contacts.accountId, property.accountId), eq(contacts.role, "cleaner"))).all();
  const ids: string[] = [];
  for (const { contact } of cleaners) ids.push(...(await noticeForCleaner(deps, property, turnover, contact)));
  return ids.length ? { messageIds: ids } : { messageIds: [], skipped: cleaners.length ? "nothing to send" : "no cleaners assigned" };
}

/**
 * The `messages.cleaner-digest` job: at the property's cleaner hour it makes sure every cleaner has been told about
 * the turnovers starting within the next two days. It repairs a missed scheduleCleanerNotice call; the idempotency
 * keys make it a no-op for turnovers already announced.
 */
export async function runCleanerDigest(deps: ServiceDeps, payload: { contactId: string; propertyId: string }): Promise<ScheduleResult> {
  const property = deps.db.select().from(properties).where(eq(properties.id, payload.propertyId)).get();
  const contact = deps.db.select().from(contacts).where(eq(contacts.id, payload.contactId)).get();
  if (!property || !contact || contact.accountId !== property.accountId) return { messageIds: [], skipped: "cleaner or property not found" };
  const assigned = deps.db.select().from(propertyCleaners)
    .where(and(eq(propertyCleaners.propertyId, property.id), eq(propertyCleaners.contactId, contact.id))).get();
  if (!assigned) return { messageIds: [], skipped: "cleaner no longer assigned" };
  const now = deps.clock.now();
  const upcoming = deps.db.select().from(turnovers).where(and(
    eq(turnovers.propertyId, property.id), eq(turnovers.status, "scheduled"),
    gt(turnovers.endsAt, now), lte(turnovers.startsAt, new Date(now.getTime() + 48 * 3_600_000)),
  )).all();
  const ids: string[] = [];
  for (const t of upcoming) ids.push(...(await noticeForCleaner(deps, property, t, contact)));
  return { messageIds: ids };
}

async function noticeForCleaner(deps: ServiceDeps, property: PropertyRow, turnover: TurnoverRow, contact: ContactRow): Promise<string[]> {
  const existing = deps.db.select().from(messages).where(and(eq(messages.turnoverId, turnover.id), eq(messages.contactId, contact.id))).all();
  const told = existing.filter((m) => (m.purpose === "cleaner_notice" || m.purpose === "cleaner_update") && (m.status === "sent" || m.status === "delivered"));
  const queued = existing.filter((m) => m.status === "queued" && m.purpose !== "cleaner_cancel");
  const base = { accountId: property.accountId, propertyId: property.id, turnoverId: turnover.id, contactId: contact.id };

  if (turnover.status === "cancelled") {
    for (const m of queued) await withdrawQueued(deps, m, "turnover was cancelled");
    const last = latest(told);
    if (!last) return [];
    return queueNow(deps, { ...base, purpose: "cleaner_cancel" }, last, messageKeys.cleanerCancel(turnover.id, contact.id, last.channel));
  }
  if (turnover.endsAt.getTime() <= deps.clock.now().getTime()) return [];

  const last = latest(told);
  if (last) {
    const rendered = renderMessage(deps, { ...base, purpose: "cleaner_update" });
    if (!rendered.ok || (rendered.window && bodyAnnounces(deps, last, rendered.window))) return [];
    return queueNow(deps, { ...base, purpose: "cleaner_update" }, last, messageKeys.cleanerUpdate(turnover.id, turnover.version, contact.id, last.channel));
  }

  const rendered = renderMessage(deps, { ...base, purpose: "cleaner_notice" });
  if (!rendered.ok) return [];
  const recipient = cleanerRecipient(deps, openContact(deps.box, contact));
  if (!recipient) return [];
  const sendAt = cleanerNoticeAt({ startsAt: turnover.startsAt, zone: property.timezone, hour: property.cleanerMessageHour, now: deps.clock.now() });
  const { row, created } = queueMessage(deps, {
    ...base, purpose: "cleaner_notice", channel: recipient.channel, recipient: recipient.to,
    subject: rendered.message.subject, body: rendered.message.body, maskedBody: rendered.message.maskedBody, idempotencyKey: messageKeys.cleanerNotice(turnover.id, contact.id, recipient.channel), sendAt,
  });
  if (created) await enqueueDelivery(deps, row);
  else await rescheduleQueued(deps, row, sendAt);
  return [row.id];
}

/** Updates and cancellations go at once, on the channel that carried what the cleaner was last told. */
async function queueNow(
  deps: ServiceDeps,
  subject: { accountId: string; propertyId: string; turnoverId: string; contactId: string; purpose: MessagePurpose },
  last: MessageRow,
  idempotencyKey: string,
): Promise<string[]> {
  const rendered = renderMessage(deps, subject);
  if (!rendered.ok) return [];
  const { row, created } = queueMessage(deps, {
    ...subject, channel: last.channel, recipient: openRecipient(deps.box, last), subject: rendered.message.subject, body: rendered.message.body, maskedBody: rendered.message.maskedBody, idempotencyKey, sendAt: deps.clock.now(),
  });
  if (created) await enqueueDelivery(deps, row);
  return [row.id];
}

function latest(rows: MessageRow[]): MessageRow | undefined {
  return [...rows].sort((a, b) => (a.sentAt?.getTime() ?? 0) - (b.sentAt?.getTime() ?? 0)).at(-1);
}

