import { eq, sql } from "drizzle-orm";
import { feeds, stays } from "../../db/schema";
import type { ExistingStay, PropertyStay } from "../../domain/calendar";
import type { Db } from "../../db/client";
import { preparedOnce } from "../../db/prepared-once";

export type StoredFeedStay = ExistingStay & { version: number; echoOfStayId: string | null; conflict: boolean };

/**
 * Every stay this feed ever produced, past ones included: the reconciler leaves past stays alone, but it must
 * still see their UIDs, or a platform that re-lists an old booking would collide with the (feed, UID) index.
 * Call it inside the sync transaction so the plan is made from what the transaction will overwrite.
 */
export function storedStaysOfFeed(db: Db, feedId: string): StoredFeedStay[] {
  const rows = storedQuery(db).all({ feedId });
  return rows.flatMap((row) => (row.externalUid === null ? [] : [{ ...row, externalUid: row.externalUid, uidAliases: row.uidAliases ?? [] }]));
}

function buildStoredQuery(db: Db) {
  return db
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
      echoOfStayId: stays.echoOfStayId,
      conflict: stays.conflict,
    })
    .from(stays)
    .where(eq(stays.feedId, sql.placeholder("feedId")))
    .prepare();
}

export type MarkableStay = PropertyStay & { echoOfStayId: string | null; conflict: boolean; version: number };

/**
 * Confirmed stays of the property that have not ended, except those of `exceptFeedId`: with the syncing feed's own
 * stays (which the sync holds in memory after writing them), the only stays whose echo and conflict marks may move.
 */
export function otherCurrentStaysOfProperty(db: Db, propertyId: string, exceptFeedId: string, now: Date): MarkableStay[] {
  const rows = currentQuery(db).all({ propertyId, feedId: exceptFeedId, now: now.getTime() }) as Array<Omit<MarkableStay, "conflict"> & { conflict: number | boolean }>;
  for (const row of rows) row.conflict = row.conflict === 1;
  return rows as MarkableStay[];
}

/**
 * Raw SQL with aliased columns: drizzle's row mapping cost more than the query itself, on a path every changed sync
 * takes.
 */
function buildCurrentQuery(db: Db) {
  const columns = {
    id: stays.id, feedId: stays.feedId, kind: stays.kind, status: stays.status, checkInDate: stays.checkInDate, checkOutDate: stays.checkOutDate,
    guestName: stays.guestName, reservationCode: stays.reservationCode, phoneLast4: stays.guestPhoneLast4, echoOfStayId: stays.echoOfStayId,
    conflict: stays.conflict, version: stays.version,
  };
  const list = Object.entries(columns).map(([alias, column]) => `"${column.name}" AS "${alias}"`).join(", ");
  const feed = `"${stays.feedId.name}"`;
  return db.$client.prepare(
    `SELECT ${list} FROM "stays" WHERE "${stays.propertyId.name}" = @propertyId AND "${stays.status.name}" = 'confirmed' AND "${stays.checkOutAt.name}" > @now
       AND (${feed} IS NULL OR ${feed} != @feedId)`,
  );
}

/** What a sync re-reads of its feed inside the transaction (a host may have paused or deleted it meanwhile). */
export function feedStateInTransaction(db: Db, feedId: string) {
  return feedStateQuery(db).get({ feedId });
}

function buildFeedStateQuery(db: Db) {
  return db
    .select({ status: feeds.status, emptyFetchStreak: feeds.emptyFetchStreak, lastEventCount: feeds.lastEventCount })
    .from(feeds)
    .where(eq(feeds.id, sql.placeholder("feedId")))
    .prepare();
}

// These run in every sync that changes anything. Called inside the sync's transaction, they read its uncommitted
// writes (one connection).
const storedQuery = preparedOnce(buildStoredQuery);
const currentQuery = preparedOnce(buildCurrentQuery);
const feedStateQuery = preparedOnce(buildFeedStateQuery);
