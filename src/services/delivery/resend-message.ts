import { and, desc, eq, inArray } from "drizzle-orm";
import { messages, stays } from "../../db/schema";
import { messageKeys } from "../../domain/messages";
import { openRecipient, openStay } from "../contact-details/contact-details";
import { conflict } from "../errors";
import { findMessage, findStay } from "../lookups";
import { enqueueDelivery, queueMessage, type MessagePurpose, type MessageRow } from "./message-rows";
import { isOptedOut } from "./recipients";
import { renderMessage } from "./render-message";
import { scheduleGuestCodeMessages } from "./schedule-guest-messages";
import type { ServiceDeps } from "../deps";

/**
 * A host-requested resend: a new message row (the original keeps its history) with the content as it is now, to the
 * stay's current contact on the same channel. The same rules as a first send apply: nothing without a confirmed
 * code, nothing to a cancelled stay, no text to a number that replied STOP (each a conflict naming the reason).
 * `requestKey` (the API's Idempotency-Key or a fresh id) makes a retried request produce one message. Resending a
 * guest's update sends the full welcome.
 */
export async function resendMessage(deps: ServiceDeps, accountId: string, messageId: string, requestKey: string): Promise<MessageRow> {
  const found = findMessage(deps.db, accountId, messageId);
  // A guest asking again wants everything (address, times, code, instructions), not the short note that dates moved.
  const original = found.purpose === "guest_update" ? { ...found, purpose: "guest_code" } : found;
  const rendered = renderMessage(deps, original);
  if (!rendered.ok) throw conflict(rendered.reason);
  const recipient = currentRecipient(deps, original);
  if (original.channel === "sms" && isOptedOut(deps, recipient)) throw conflict("the recipient replied STOP to texts; resend by email instead");
  const { row, created } = queueMessage(deps, {
    accountId, propertyId: original.propertyId ?? rendered.property.id, stayId: original.stayId, turnoverId: original.turnoverId, contactId: original.contactId,
    channel: original.channel, recipient, purpose: original.purpose as MessagePurpose, subject: rendered.message.subject, body: rendered.message.body, maskedBody: rendered.message.maskedBody,
    idempotencyKey: messageKeys.resend(found.id, requestKey), sendAt: deps.clock.now(),
  });
  if (created) await enqueueDelivery(deps, row);
  return row;
}

/**
 * The dashboard's "Resend code to guest": the stay's latest guest code message again, or, when none was written yet,
 * the first one scheduled now (it still waits for a confirmed code).
 */
export async function resendGuestCode(deps: ServiceDeps, accountId: string, stayId: string): Promise<void> {
  const stay = findStay(deps.db, accountId, stayId);
  const last = deps.db
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.accountId, accountId), eq(messages.stayId, stay.id), inArray(messages.purpose, ["guest_code", "guest_update"])))
    .orderBy(desc(messages.id))
    .get();
  if (!last) return void (await scheduleGuestCodeMessages(deps, stay.id));
  await resendMessage(deps, accountId, last.id, `dashboard-${deps.clock.now().getTime()}`);
}

/** A host who fixed a guest's number after a failure expects the resend to use the fixed one. */
function currentRecipient(deps: ServiceDeps, original: MessageRow): string {
  const told = openRecipient(deps.box, original);
  if (!original.stayId) return told;
  const row = deps.db.select({ id: stays.id, guestPhoneEnc: stays.guestPhoneEnc, guestEmailEnc: stays.guestEmailEnc }).from(stays).where(eq(stays.id, original.stayId)).get();
  const stay = row ? openStay(deps.box, row) : undefined;
  return (original.channel === "sms" ? stay?.guestPhone : stay?.guestEmail) ?? told;
}
