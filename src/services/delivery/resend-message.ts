import { and, eq } from "drizzle-orm";
import { messages, stays } from "../../db/schema";
import { messageKeys } from "../../domain/messages";
import { openRecipient, openStay } from "../contact-details/contact-details";
import type { DeliveryDeps } from "./delivery-deps";
import { enqueueDelivery, queueMessage, type MessagePurpose, type MessageRow } from "./message-rows";
import { isOptedOut } from "./recipients";
import { renderMessage } from "./render-message";

export class ResendRefused extends Error {}

/**
 * A host-requested resend: a new message row (the original keeps its history) with the content as it is now, to the
 * stay's current contact on the same channel. The same rules as a first send apply: nothing without a confirmed
 * code, nothing to a cancelled stay, no text to a number that replied STOP. `requestKey` (the API's Idempotency-Key
 * or a fresh id) makes a retried request produce one message.
 */
export async function resendMessage(deps: DeliveryDeps, accountId: string, messageId: string, requestKey: string): Promise<MessageRow | null> {
  const original = deps.db.select().from(messages).where(and(eq(messages.id, messageId), eq(messages.accountId, accountId))).get();
  if (!original) return null;
  const rendered = renderMessage(deps, original);
  if (!rendered.ok) throw new ResendRefused(rendered.reason);
  const recipient = currentRecipient(deps, original);
  if (original.channel === "sms" && isOptedOut(deps, recipient)) throw new ResendRefused("the recipient replied STOP to texts; resend by email instead");
  const { row, created } = queueMessage(deps, {
    accountId, propertyId: original.propertyId ?? rendered.property.id, stayId: original.stayId, turnoverId: original.turnoverId, contactId: original.contactId,
    channel: original.channel, recipient, purpose: original.purpose as MessagePurpose, subject: rendered.message.subject, body: rendered.message.body, maskedBody: rendered.message.maskedBody,
    idempotencyKey: messageKeys.resend(original.id, requestKey), sendAt: deps.clock.now(),
  });
  if (created) await enqueueDelivery(deps, row);
  return row;
}

/** A host who fixed a guest's number after a failure expects the resend to use the fixed one. */
function currentRecipient(deps: DeliveryDeps, original: MessageRow): string {
  const told = openRecipient(deps.box, original);
  if (!original.stayId) return told;
  const row = deps.db.select({ id: stays.id, guestPhoneEnc: stays.guestPhoneEnc, guestEmailEnc: stays.guestEmailEnc }).from(stays).where(eq(stays.id, original.stayId)).get();
  const stay = row ? openStay(deps.box, row) : undefined;
  return (original.channel === "sms" ? stay?.guestPhone : stay?.guestEmail) ?? told;
}
