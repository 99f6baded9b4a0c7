import { and, eq, isNotNull, isNull } from "drizzle-orm";
import { lockEvents, properties, stays } from "../../db/schema";
import { localDateOf } from "../../domain/calendar";
import { DateTime } from "luxon";
import type { ServiceDeps } from "../deps";
import { checkOutEarly } from "./checkout";

/** From this local hour on the checkout day, a lock means "the guest left" (before it, they may be going for a run). */
export const CHECKOUT_MORNING_HOUR = 6;

/**
 * The opt-in rule (a property's `autoCheckOutOnLock`): the door locked on the checkout day's morning, before the checkout time,
 * while the stay is checked in, means the guest has left: the stay is checked out now (code ended, cleaning starts).
 */
export async function autoCheckoutOnLock(deps: ServiceDeps, lockEventId: string): Promise<string | null> {
  const event = deps.db.select().from(lockEvents).where(eq(lockEvents.id, lockEventId)).get();
  if (!event || event.kind !== "locked") return null;
  const property = deps.db.select().from(properties).where(eq(properties.id, event.propertyId)).get();
  if (!property?.autoCheckOutOnLock) return null;
  const local = DateTime.fromJSDate(event.occurredAt, { zone: property.timezone });
  if (local.hour < CHECKOUT_MORNING_HOUR) return null;
  const today = localDateOf(event.occurredAt, property.timezone);
  const stay = deps.db.select().from(stays)
    .where(and(eq(stays.propertyId, property.id), eq(stays.status, "confirmed"), eq(stays.checkOutDate, today), isNotNull(stays.checkedInAt), isNull(stays.checkedOutAt))).get();
  if (!stay || event.occurredAt.getTime() >= (stay.lateCheckOutAt ?? stay.checkOutAt).getTime()) return null;
  await checkOutEarly(deps, stay.accountId, stay.id, "rule:auto-checkout-on-lock");
  return stay.id;
}
