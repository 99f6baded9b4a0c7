import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { contacts, messages, smsOptOuts, stays } from "../../db/schema";
import { messageKeys } from "../../domain/messages";
import type { Clock } from "../../lib/clock";
import type { DeliveryError } from "../../providers/sms/delivery-error";
import { anotherChannelAlive, alertDeliveryProblem } from "./delivery-alerts";
import type { DeliveryDeps } from "./delivery-deps";
import { enqueueDelivery, messageBodyAssociatedData, queueMessage, type MessageRow } from "./message-rows";

export function recordOptOut(db: Db, clock: Clock, phone: string): void {
  db.insert(smsOptOuts).values({ phone, optedOutAt: clock.now() }).onConflictDoNothing().run();
}

export function clearOptOut(db: Db, phone: string): boolean {
  return db.delete(smsOptOuts).where(eq(smsOptOuts.phone, phone)).run().changes > 0;
}

/**
 * The recipient replied STOP (Twilio 21610, or our own opt-out list said so before calling). The number is recorded
 * so nothing texts it again, the message fails, the same content goes by email when the guest or cleaner has an
 * address and no email already carries it, and the host is told either way.
 */
export async function handleOptedOut(deps: DeliveryDeps, row: MessageRow, error: DeliveryError): Promise<void> {
  recordOptOut(deps.db, deps.clock, row.recipient);
  const failed = deps.db.update(messages).set({ status: "failed", errorCode: error.code ?? "21610", error: "recipient opted out of SMS", updatedAt: deps.clock.now() })
    .where(and(eq(messages.id, row.id), inArray(messages.status, ["queued", "sending", "sent"]))).run();
  if (failed.changes === 0) return;

  const email = fallbackAddress(deps.db, row);
  let fellBack = false;
  if (email && !anotherChannelAlive(deps, row)) {
    const body = deps.box.decrypt(row.bodyEnc, messageBodyAssociatedData(row.id));
    const { row: fallback, created } = queueMessage(deps, {
      accountId: row.accountId, propertyId: row.propertyId ?? "", stayId: row.stayId, turnoverId: row.turnoverId, contactId: row.contactId,
      channel: "email", recipient: email, purpose: row.purpose as Parameters<typeof queueMessage>[1]["purpose"], subject: row.subject ?? "", body,
      idempotencyKey: messageKeys.fallback(row.idempotencyKey), sendAt: deps.clock.now(),
    });
    if (created) await enqueueDelivery(deps, fallback);
    fellBack = true;
  }
  await alertDeliveryProblem(deps, row, fellBack ? "the number replied STOP; sent by email instead" : "the number replied STOP", { notifyEvenIfCovered: true });
}

function fallbackAddress(db: Db, row: MessageRow): string | null {
  if (row.stayId) return db.select({ email: stays.guestEmail }).from(stays).where(eq(stays.id, row.stayId)).get()?.email ?? null;
  if (row.contactId) return db.select({ email: contacts.email }).from(contacts).where(eq(contacts.id, row.contactId)).get()?.email ?? null;
  return null;
}
