import { and, eq } from "drizzle-orm";
import { accessCodes, contacts, properties, propertyCleaners, stays, turnovers } from "../../db/schema";
import { turnoverNowNotice } from "../../domain/door/door-notices";
import { openContact } from "../contact-details/contact-details";
import { enqueueDelivery } from "../delivery/message-rows";
import { cleanerRecipient } from "../delivery/recipients";
import type { ServiceDeps } from "../deps";
import { insertDoorMessage } from "./door-messages";

/** A cleaner's code for the turnover that the lock does not hold yet: "your code works from now" would not be true. */
const NOT_ON_LOCK_YET = new Set(["planned", "programming"]);

/**
 * When a stay was checked out early, each cleaner of the property is told once that the turnover after it starts now
 * ("the guest at Seaside Cottage checked out early (10:12)", in the property's time), on the channel delivery picks
 * for them. It reacts to `turnover.changed`: the planner moving the window to the checkout, and each cleaner code
 * reaching the lock, so a cleaner whose code is still being set is told once it works. Once per turnover and cleaner:
 * the message's idempotency key decides. Returns the ids of the messages queued now.
 */
export async function tellCleanersTurnoverNow(deps: ServiceDeps, turnoverId: string): Promise<string[]> {
  const turnover = deps.db.select().from(turnovers).where(eq(turnovers.id, turnoverId)).get();
  if (!turnover || turnover.status !== "scheduled") return [];
  const stay = deps.db.select().from(stays).where(eq(stays.id, turnover.afterStayId)).get();
  const property = deps.db.select().from(properties).where(eq(properties.id, turnover.propertyId)).get();
  const checkedOutAt = stay?.checkedOutAt;
  // Only the window the early checkout started, and only while it is still open.
  if (!stay || !property || !checkedOutAt || turnover.startsAt.getTime() !== checkedOutAt.getTime()) return [];
  if (turnover.endsAt.getTime() <= deps.clock.now().getTime()) return [];

  const cleaners = deps.db.select({ contact: contacts }).from(propertyCleaners)
    .innerJoin(contacts, eq(contacts.id, propertyCleaners.contactId))
    .where(and(eq(propertyCleaners.propertyId, property.id), eq(contacts.accountId, property.accountId), eq(contacts.role, "cleaner"))).all();
  const codes = deps.db.select({ contactId: accessCodes.contactId, state: accessCodes.state }).from(accessCodes).where(eq(accessCodes.turnoverId, turnover.id)).all();
  const text = turnoverNowNotice({ propertyName: property.name, at: checkedOutAt, zone: property.timezone, locale: property.locale });

  const queued = deps.db.transaction(() =>
    cleaners.flatMap(({ contact }) => {
      if (codes.some((c) => c.contactId === contact.id && NOT_ON_LOCK_YET.has(c.state))) return [];
      const recipient = cleanerRecipient(deps, openContact(deps.box, contact));
      if (!recipient) return [];
      const row = insertDoorMessage(deps, {
        accountId: property.accountId, propertyId: property.id, stayId: stay.id, turnoverId: turnover.id, contactId: contact.id,
        channel: recipient.channel, to: recipient.to, purpose: "turnover_now", text, idempotencyKey: `turnover_now_${turnover.id}_${contact.id}`,
      });
      return row ? [row] : [];
    }),
  );
  for (const row of queued) await enqueueDelivery(deps, row);
  return queued.map((r) => r.id);
}
