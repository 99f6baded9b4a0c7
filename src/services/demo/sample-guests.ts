import { and, eq, sql } from "drizzle-orm";
import { stays } from "../../db/schema";
import { openStay, sealGuestContact } from "../contact-details/contact-details";
import type { ServiceDeps } from "../deps";
import { SAMPLE_BOOKINGS } from "./sample-bookings";

/**
 * Airbnb exports carry only the last four digits of a guest's phone, so a host types the rest in; the demo does the
 * same for its sample stays. Only empty fields are filled (a host's edits win, and a name a later sync cleared comes
 * back), each change with a version bump and announced as `stay.changed`, like an edit through the API. Call it before the
 * job runner starts, so the planner sees the contact before the code is confirmed and the message is scheduled with it.
 */
export async function applySampleGuests(deps: ServiceDeps, feedId: string): Promise<string[]> {
  const { db, box, clock } = deps;
  const changed: string[] = [];
  db.transaction(() => {
    for (const { uid, guest } of SAMPLE_BOOKINGS) {
      if (!guest) continue;
      const row = db.select().from(stays).where(and(eq(stays.feedId, feedId), eq(stays.externalUid, uid))).get();
      if (!row) continue;
      const stay = openStay(box, row);
      const fill = {
        guestName: stay.guestName ?? guest.name,
        guestPhone: stay.guestPhone ?? guest.phone ?? null,
        guestEmail: stay.guestEmail ?? guest.email ?? null,
      };
      if (fill.guestName === stay.guestName && fill.guestPhone === stay.guestPhone && fill.guestEmail === stay.guestEmail) continue;
      const { guestName, ...contact } = fill;
      db.update(stays).set({ guestName, ...sealGuestContact(box, stay.id, contact), version: sql`${stays.version} + 1`, updatedAt: clock.now() }).where(eq(stays.id, stay.id)).run();
      changed.push(stay.id);
    }
  });
  for (const id of changed) await deps.events.emit({ type: "stay.changed", stayId: id });
  return changed;
}
