import { and, eq, isNull } from "drizzle-orm";
import { accessCodes, lockEvents, properties, stays } from "../../db/schema";
import { securityConcern } from "../../domain/door/door-security";
import { arrivalNotice, welcomeMessage } from "../../domain/door/door-notices";
import { resolveAlert, type AlertTransition } from "../alerts/alert-store";
import { alertRecipients } from "../alerts/alert-recipients";
import { notifyAlertChanges } from "../alerts/notify-alert-change";
import { openStay } from "../contact-details/contact-details";
import { enqueueDelivery } from "../delivery/message-rows";
import { guestRecipients } from "../delivery/recipients";
import type { ServiceDeps } from "../deps";
import { insertDoorMessage } from "./door-messages";

/** The dedupe key of a stay's "no unlock yet" alert. */
export const noArrivalKey = (stayId: string) => `no_arrival:${stayId}`;

/** Whose unlocks are an arrival: the guest's own code, or the backup code handed to the stay. */
const ARRIVING = new Set(["guest", "backup"]);

export type ArrivalOutcome = "arrived" | "already" | "not_arrival";

/**
 * The first unlock by a stay's code marks the stay checked in (once: the conditional update decides), ends its
 * `no_arrival` alert, and queues what the property asks for: the host's notice ("Maya Chen arrived at Seaside
 * Cottage 16:42") on the channels of the account's alert contacts, and the guest's welcome. An unlock after the stay
 * ended, or of a cancelled or early-checked-out stay, is not an arrival (the security checks judge it).
 */
export async function noteArrival(deps: ServiceDeps, lockEventId: string): Promise<ArrivalOutcome> {
  const event = deps.db.select().from(lockEvents).where(eq(lockEvents.id, lockEventId)).get();
  if (!event || event.kind !== "unlocked" || !event.stayId || !event.actor || !ARRIVING.has(event.actor)) return "not_arrival";
  const stay = deps.db.select().from(stays).where(eq(stays.id, event.stayId)).get();
  const property = stay ? deps.db.select().from(properties).where(eq(properties.id, stay.propertyId)).get() : undefined;
  if (!stay || !property || stay.status !== "confirmed" || stay.checkedOutAt) return "not_arrival";
  const endsAt = stay.lateCheckOutAt ?? stay.checkOutAt;
  if (event.occurredAt.getTime() >= endsAt.getTime()) return "not_arrival";
  if (stay.checkedInAt) return "already";
  // A code used outside its window, or after it was removed, is a security concern, not the guest arriving.
  const code = event.accessCodeId ? deps.db.select().from(accessCodes).where(eq(accessCodes.id, event.accessCodeId)).get() : undefined;
  if (!code || securityConcern(event, code)) return "not_arrival";

  const { outcome, queued, transition } = deps.db.transaction(() => {
    const now = deps.clock.now();
    const marked = deps.db.update(stays).set({ checkedInAt: event.occurredAt, updatedAt: now })
      .where(and(eq(stays.id, stay.id), isNull(stays.checkedInAt))).run().changes === 1;
    if (!marked) return { outcome: "already" as const, queued: [], transition: null };
    const transition: AlertTransition | null = resolveAlert(deps.db, deps.clock, stay.accountId, noArrivalKey(stay.id));
    const queued = [];
    const base = { accountId: stay.accountId, propertyId: property.id, stayId: stay.id };
    if (property.arrivalNotice !== "off") {
      const text = arrivalNotice({ guestName: stay.guestName, propertyName: property.name, at: event.occurredAt, zone: property.timezone, locale: property.locale });
      for (const r of alertRecipients(deps, stay.accountId)) {
        if (property.arrivalNotice !== "any" && r.channel !== property.arrivalNotice) continue;
        queued.push(insertDoorMessage(deps, { ...base, contactId: r.contactId, channel: r.channel, to: r.to, purpose: "arrival_notice", text, idempotencyKey: `arrival_${stay.id}_${r.id}_${r.channel}` }));
      }
    }
    if (property.arrivalWelcome) {
      const text = welcomeMessage({ guestName: stay.guestName, propertyName: property.name, wifiName: property.wifiName });
      for (const r of guestRecipients(deps, openStay(deps.box, stay))) {
        queued.push(insertDoorMessage(deps, { ...base, channel: r.channel, to: r.to, purpose: "guest_welcome", text, idempotencyKey: `welcome_${stay.id}_${r.channel}` }));
      }
    }
    return { outcome: "arrived" as const, queued, transition };
  });
  for (const row of queued) if (row) await enqueueDelivery(deps, row);
  await notifyAlertChanges(deps, [transition]);
  if (outcome === "arrived") deps.logger.info({ stayId: stay.id, lockEventId }, "guest arrived");
  return outcome;
}
