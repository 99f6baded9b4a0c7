import { and, eq, inArray } from "drizzle-orm";
import { contacts, messages, smsOptOuts, stays } from "../../db/schema";
import { messageKeys } from "../../domain/messages";
import type { DeliveryError } from "../../providers/sms/delivery-error";
import { openContact, openRecipient, openStay, phoneHash, phoneHashes } from "../contact-details/contact-details";
import { anotherChannelAlive, alertDeliveryProblem } from "./delivery-alerts";
import { maskedMessageBody } from "./message-body";
import { enqueueDelivery, messageBodyAssociatedData, queueMessage, type MessageRow } from "./message-rows";
import type { ServiceDeps } from "../deps";

type OptOutDeps = Pick<ServiceDeps, "db" | "box" | "clock">;

export function recordOptOut(deps: OptOutDeps, phone: string): void {
  deps.db.insert(smsOptOuts).values({ phoneHash: phoneHash(deps.box, phone), optedOutAt: deps.clock.now() }).onConflictDoNothing().run();
}

/** Under every key: a STOP recorded before a key rotation is lifted by a START after it. */
export function clearOptOut(deps: Pick<ServiceDeps, "db" | "box">, phone: string): boolean {
  return deps.db.delete(smsOptOuts).where(inArray(smsOptOuts.phoneHash, phoneHashes(deps.box, phone))).run().changes > 0;
}

/**
 * The recipient replied STOP (Twilio 21610, or our own opt-out list said so before calling). The number is recorded
 * so nothing texts it again, the message fails, the same content goes by email when the guest or cleaner has an
 * address and no email already carries it, and the host is told either way.
 */
export async function handleOptedOut(deps: ServiceDeps, row: MessageRow, error: DeliveryError): Promise<void> {
  recordOptOut(deps, openRecipient(deps.box, row));
  const failed = deps.db.update(messages).set({ status: "failed", errorCode: error.code ?? "21610", error: "recipient opted out of SMS", updatedAt: deps.clock.now() })
    .where(and(eq(messages.id, row.id), inArray(messages.status, ["queued", "sending", "sent"]))).run();
  if (failed.changes === 0) return;
  await deps.events.emit({ type: "message.settled", messageId: row.id });

  const email = fallbackAddress(deps, row);
  let fellBack = false;
  if (email && !anotherChannelAlive(deps, row)) {
    const body = deps.box.decrypt(row.bodyEnc, messageBodyAssociatedData(row.id));
    const { row: fallback, created } = queueMessage(deps, {
      accountId: row.accountId, propertyId: row.propertyId ?? "", stayId: row.stayId, turnoverId: row.turnoverId, contactId: row.contactId,
      channel: "email", recipient: email, purpose: row.purpose as Parameters<typeof queueMessage>[1]["purpose"], subject: row.subject ?? "", body,
      maskedBody: maskedMessageBody(deps.box, row),
      idempotencyKey: messageKeys.fallback(row.idempotencyKey), sendAt: deps.clock.now(),
    });
    if (created) await enqueueDelivery(deps, fallback);
    fellBack = true;
  }
  await alertDeliveryProblem(deps, row, fellBack ? "the number replied STOP; sent by email instead" : "the number replied STOP", { notifyEvenIfCovered: true });
}

function fallbackAddress({ db, box }: Pick<ServiceDeps, "db" | "box">, row: MessageRow): string | null {
  if (row.stayId) {
    const stay = db.select({ id: stays.id, guestPhoneEnc: stays.guestPhoneEnc, guestEmailEnc: stays.guestEmailEnc }).from(stays).where(eq(stays.id, row.stayId)).get();
    return stay ? openStay(box, stay).guestEmail : null;
  }
  if (row.contactId) {
    const contact = db.select({ id: contacts.id, phoneEnc: contacts.phoneEnc, emailEnc: contacts.emailEnc }).from(contacts).where(eq(contacts.id, row.contactId)).get();
    return contact ? openContact(box, contact).email : null;
  }
  return null;
}
