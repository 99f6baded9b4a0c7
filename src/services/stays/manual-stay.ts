import { eq } from "drizzle-orm";
import { stays } from "../../db/schema";
import type { ServiceDeps } from "../deps";
import { phoneLast4 } from "../../domain/access";
import { newId } from "../../lib/ids";
import { sealGuestContact } from "../contact-details/contact-details";
import { findProperty, findStay } from "../lookups";
import { followsFeed, StayChangeRefused, type StayRow } from "./stay-record";
import { checkDates, checkOverrides, manualStayInstants, resolveOverride } from "./stay-times";

export interface ManualStayInput {
  propertyId: string;
  checkInDate: string;
  checkOutDate: string;
  summary?: string | null;
  reservationCode?: string | null;
  guestName?: string | null;
  guestPhone?: string | null;
  guestEmail?: string | null;
  earlyCheckInAt?: string | null;
  lateCheckOutAt?: string | null;
}

type Deps = Pick<ServiceDeps, "db" | "box" | "clock" | "events">;

/** A stay the host enters by hand (no feed knows it): placed at the property's times in its zone, and announced. */
export async function createManualStay({ db, box, clock, events }: Deps, accountId: string, { guestPhone, guestEmail, ...input }: ManualStayInput): Promise<StayRow> {
  const property = findProperty(db, accountId, input.propertyId);
  checkDates(input);
  const times = manualStayInstants(property, input.checkInDate, input.checkOutDate);
  const earlyCheckInAt = resolveOverride(input.earlyCheckInAt, input.checkInDate, property.timezone) ?? null;
  const lateCheckOutAt = resolveOverride(input.lateCheckOutAt, input.checkOutDate, property.timezone) ?? null;
  checkOverrides({ ...input, ...times, earlyCheckInAt, lateCheckOutAt });
  const now = clock.now();
  const id = newId("stay");
  db.insert(stays)
    .values({
      ...input, ...times, earlyCheckInAt, lateCheckOutAt, ...sealGuestContact(box, id, { guestPhone: guestPhone ?? null, guestEmail: guestEmail ?? null }), guestContactSource: guestPhone || guestEmail ? "host" : null,
      guestPhoneLast4: phoneLast4(guestPhone) ?? null, id, accountId, kind: "manual", createdAt: now, updatedAt: now,
    })
    .run();
  await events.emit({ type: "stay.changed", stayId: id });
  return findStay(db, accountId, id);
}

/**
 * Cancels a stay no calendar feed manages; the cancellation is announced, and the planner then revokes its codes.
 * Cancelling twice changes nothing.
 */
export async function cancelManualStay({ db, clock, events }: Pick<Deps, "db" | "clock" | "events">, accountId: string, stayId: string): Promise<{ stay: StayRow; changed: boolean }> {
  const existing = findStay(db, accountId, stayId);
  if (followsFeed(existing)) throw new StayChangeRefused("follows_feed", "a stay from a calendar feed is cancelled by its calendar, not through the API");
  if (existing.status !== "confirmed") return { stay: existing, changed: false };
  const now = clock.now();
  db.update(stays).set({ status: "cancelled", cancelledAt: now, version: existing.version + 1, updatedAt: now }).where(eq(stays.id, existing.id)).run();
  await events.emit({ type: "stay.changed", stayId: existing.id });
  return { stay: findStay(db, accountId, existing.id), changed: true };
}
