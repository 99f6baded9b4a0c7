import { and, eq } from "drizzle-orm";
import { type properties, stays } from "../../../db/schema";
import type { CoreDeps } from "../../../deps";
import { phoneLast4 } from "../../../domain/access";
import { openStay, sealGuestContact, type GuestContact } from "../../../services/contact-details/contact-details";
import { badRequest, conflict } from "../../problem";
import type { z } from "@hono/zod-openapi";
import { DATES_MESSAGE, datesInOrder, type stayPatch } from "./schema";
import { checkOverrides, resolveOverride, stayInstants } from "./stay-times";

type StayRow = typeof stays.$inferSelect;

/**
 * A stay whose feed still exists follows its calendar: only the calendar moves or cancels it. Manual stays,
 * and stays left behind by a deleted feed, are the host's to change.
 */
export const followsFeed = (stay: Pick<StayRow, "feedId">) => stay.feedId !== null;

const same = (a: unknown, b: unknown) => (a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b);

/**
 * Merges a PATCH into a stay and writes it, bumping `version` only when something changed so stale jobs
 * notice real changes and a no-op PATCH wakes nobody. Returns whether it wrote.
 */
export function applyStayPatch(
  { db, box, clock }: Pick<CoreDeps, "db" | "box" | "clock">,
  existing: StayRow,
  property: Pick<typeof properties.$inferSelect, "timezone" | "checkInTime" | "checkoutTime">,
  input: z.infer<typeof stayPatch>,
): boolean {
  const checkInDate = input.checkInDate ?? existing.checkInDate;
  const checkOutDate = input.checkOutDate ?? existing.checkOutDate;
  if (!datesInOrder({ checkInDate, checkOutDate })) throw badRequest(DATES_MESSAGE, [{ path: "checkOutDate", message: DATES_MESSAGE }]);
  const times = !followsFeed(existing) ? stayInstants(property, checkInDate, checkOutDate) : { checkInAt: existing.checkInAt, checkOutAt: existing.checkOutAt };
  const early = resolveOverride(input.earlyCheckInAt, checkInDate, property.timezone);
  const late = resolveOverride(input.lateCheckOutAt, checkOutDate, property.timezone);
  const next: Partial<StayRow> = {
    checkInDate,
    checkOutDate,
    ...times,
    earlyCheckInAt: early === undefined ? existing.earlyCheckInAt : early,
    lateCheckOutAt: late === undefined ? existing.lateCheckOutAt : late,
    guestName: input.guestName === undefined ? existing.guestName : input.guestName,
    // A feed may know only the last four digits; clearing the override must not forget them.
    guestPhoneLast4: input.guestPhone ? phoneLast4(input.guestPhone) ?? null : input.guestPhone === null && !followsFeed(existing) ? null : existing.guestPhoneLast4,
  };
  checkOverrides({ ...existing, ...next } as StayRow);
  // Compared opened, and only what changed is sealed again: a new ciphertext of the same number is no change.
  const told = openStay(box, existing);
  const contact: Partial<GuestContact> = {};
  if (input.guestPhone !== undefined && input.guestPhone !== told.guestPhone) contact.guestPhone = input.guestPhone;
  if (input.guestEmail !== undefined && input.guestEmail !== told.guestEmail) contact.guestEmail = input.guestEmail;
  const changed = Object.keys(contact).length > 0 || (Object.keys(next) as (keyof StayRow)[]).some((k) => !same(next[k], existing[k]));
  if (!changed) return false;
  const res = db
    .update(stays)
    .set({ ...next, ...sealGuestContact(box, existing.id, contact), version: existing.version + 1, updatedAt: clock.now() })
    .where(and(eq(stays.id, existing.id), eq(stays.version, existing.version)))
    .run();
  // A sync wrote this stay between our read and write: its change wins and the client retries on fresh data.
  if (res.changes === 0) throw conflict("this stay changed while you were editing it; read it again and retry");
  return true;
}
