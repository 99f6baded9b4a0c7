import { and, eq, gt } from "drizzle-orm";
import { stays } from "../../db/schema";
import type { ExistingStay, PropertyStay } from "../../domain/calendar";
import type { SyncTx } from "./sync-tx";

export type StoredFeedStay = ExistingStay & { version: number };

/**
 * Every stay this feed ever produced, past ones included: the reconciler leaves past stays alone, but it must
 * still see their UIDs, or a platform that re-lists an old booking would collide with the (feed, UID) index.
 */
export function storedStaysOfFeed(tx: SyncTx, feedId: string): StoredFeedStay[] {
  const rows = tx
    .select({
      id: stays.id,
      externalUid: stays.externalUid,
      uidAliases: stays.uidAliases,
      kind: stays.kind,
      status: stays.status,
      checkInDate: stays.checkInDate,
      checkOutDate: stays.checkOutDate,
      checkInAt: stays.checkInAt,
      checkOutAt: stays.checkOutAt,
      guestName: stays.guestName,
      reservationCode: stays.reservationCode,
      phoneLast4: stays.guestPhoneLast4,
      missingCount: stays.missingCount,
      version: stays.version,
    })
    .from(stays)
    .where(eq(stays.feedId, feedId))
    .all();
  return rows.flatMap((row) => (row.externalUid === null ? [] : [{ ...row, externalUid: row.externalUid, uidAliases: row.uidAliases ?? [] }]));
}

export type MarkableStay = PropertyStay & { echoOfStayId: string | null; conflict: boolean; version: number };

/** Confirmed stays of the property that have not ended: the only ones whose echo and conflict marks may move. */
export function currentStaysOfProperty(tx: SyncTx, propertyId: string, now: Date): MarkableStay[] {
  return tx
    .select({
      id: stays.id,
      feedId: stays.feedId,
      kind: stays.kind,
      status: stays.status,
      checkInDate: stays.checkInDate,
      checkOutDate: stays.checkOutDate,
      guestName: stays.guestName,
      reservationCode: stays.reservationCode,
      phoneLast4: stays.guestPhoneLast4,
      echoOfStayId: stays.echoOfStayId,
      conflict: stays.conflict,
      version: stays.version,
    })
    .from(stays)
    .where(and(eq(stays.propertyId, propertyId), eq(stays.status, "confirmed"), gt(stays.checkOutAt, now)))
    .all();
}
