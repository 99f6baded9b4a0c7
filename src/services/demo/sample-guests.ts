import { and, eq, sql } from "drizzle-orm";
import { stays } from "../../db/schema";
import type { ServiceDeps } from "../deps";
import { SAMPLE_BOOKINGS } from "./sample-bookings";

/**
 * Airbnb exports carry only the last four digits of a guest's phone, so a host types the rest in; the demo does the
 * same for its sample stays. Only stays with no guest details yet are touched (a host's edits win), each with a
 * version bump and the `stayChanged` hook, exactly like an edit through the API. Call it before the job runner starts,
 * so the planner sees the contact before the code is confirmed and the message is scheduled with it.
 */
export async function applySampleGuests(deps: ServiceDeps, feedId: string): Promise<string[]> {
  const { db, clock } = deps;
  const changed: string[] = [];
  db.transaction(() => {
    for (const booking of SAMPLE_BOOKINGS) {
      if (!booking.guest) continue;
      const stay = db.select().from(stays).where(and(eq(stays.feedId, feedId), eq(stays.externalUid, booking.uid))).get();
      if (!stay || stay.guestName || stay.guestPhone || stay.guestEmail) continue;
      db.update(stays).set({
        guestName: booking.guest.name, guestPhone: booking.guest.phone ?? null, guestEmail: booking.guest.email ?? null,
        version: sql`${stays.version} + 1`, updatedAt: clock.now(),
      }).where(eq(stays.id, stay.id)).run();
      changed.push(stay.id);
    }
  });
  for (const id of changed) await deps.hooks?.stayChanged?.(id);
  return changed;
}
