import { and, eq, gt, ne } from "drizzle-orm";
import type { Db } from "../../db/client";
import type { PropertyInsert, PropertyRow } from "../../db/rows";
import { feeds, properties, stays } from "../../db/schema";
import { localToInstant } from "../../domain/calendar";
import type { Clock } from "../../lib/clock";

type PropertyPatch = Partial<Omit<PropertyInsert, "id" | "accountId" | "createdAt">>;

/**
 * Saves a property's settings (the API's PATCH and the dashboard's form), and when its zone or check-in/checkout
 * time changes, makes its stays follow, in the same transaction:
 * - its feeds lose their validators (ETag, Last-Modified, content hash) and are due now, so the next sync re-reads
 *   them and re-places every upcoming stay at the new times (past stays are never touched);
 * - its upcoming manual stays, whose instants were placed at the old times, are placed again and bumped, so the
 *   planner moves their codes.
 * Nothing is enqueued here: the reconciler asks for the due syncs and the plan of the bumped stays on its next pass
 * (every 5 minutes), as it does for any row that wants a job.
 */
export function updatePropertySettings(db: Db, clock: Clock, property: PropertyRow, patch: PropertyPatch): { feedsToRead: number; manualStaysMoved: number } {
  const now = clock.now();
  const next = { ...property, ...patch };
  const timesChanged = next.timezone !== property.timezone || next.checkInTime !== property.checkInTime || next.checkOutTime !== property.checkOutTime;
  return db.transaction((tx) => {
    tx.update(properties).set({ ...patch, updatedAt: now }).where(eq(properties.id, property.id)).run();
    if (!timesChanged) return { feedsToRead: 0, manualStaysMoved: 0 };
    const feedsToRead = tx
      .update(feeds)
      .set({ etag: null, lastModified: null, contentHash: null, nextSyncAt: now, updatedAt: now })
      .where(and(eq(feeds.propertyId, property.id), ne(feeds.status, "paused")))
      .run().changes;
    const manual = tx
      .select({ id: stays.id, checkInDate: stays.checkInDate, checkOutDate: stays.checkOutDate, checkInAt: stays.checkInAt, checkOutAt: stays.checkOutAt, version: stays.version })
      .from(stays)
      .where(and(eq(stays.propertyId, property.id), eq(stays.kind, "manual"), eq(stays.status, "confirmed"), gt(stays.checkOutAt, now)))
      .all();
    let manualStaysMoved = 0;
    for (const stay of manual) {
      const checkInAt = localToInstant(stay.checkInDate, next.checkInTime, next.timezone);
      const checkOutAt = localToInstant(stay.checkOutDate, next.checkOutTime, next.timezone);
      if (checkInAt.getTime() === stay.checkInAt.getTime() && checkOutAt.getTime() === stay.checkOutAt.getTime()) continue;
      tx.update(stays).set({ checkInAt, checkOutAt, version: stay.version + 1, updatedAt: now }).where(eq(stays.id, stay.id)).run();
      manualStaysMoved++;
    }
    return { feedsToRead, manualStaysMoved };
  });
}
