import type Database from "better-sqlite3";
import type { Db } from "../../db/client";
import { preparedOnce } from "../../db/prepared-once";
import type { FeedRow as StoredFeedRow, PropertyRow } from "../../db/rows";
import { feeds, properties } from "../../db/schema";

/** What a sync reads from the feed's row: its identity, where and how to fetch, and the stale check's key. */
export type FeedRow = Pick<
  StoredFeedRow,
  "id" | "accountId" | "propertyId" | "name" | "status" | "urlEnc" | "urlRedacted" | "syncIntervalMinutes" | "nextSyncAt" | "etag" | "lastModified" | "contentHash"
>;

export interface FeedForSync {
  feed: FeedRow;
  /** What placing its stays needs from the property. */
  property: Pick<PropertyRow, "timezone" | "checkInTime" | "checkOutTime">;
}

type Raw = Omit<FeedRow, "nextSyncAt"> & FeedForSync["property"] & { nextSyncAt: number | null };

const c = (column: { name: string }) => `"${column.name}"`;
const FEED_COLUMNS = {
  id: feeds.id, accountId: feeds.accountId, propertyId: feeds.propertyId, name: feeds.name, status: feeds.status, urlEnc: feeds.urlEnc, urlRedacted: feeds.urlRedacted,
  syncIntervalMinutes: feeds.syncIntervalMinutes, nextSyncAt: feeds.nextSyncAt, etag: feeds.etag, lastModified: feeds.lastModified, contentHash: feeds.contentHash,
};
const PROPERTY_COLUMNS = { timezone: properties.timezone, checkInTime: properties.checkInTime, checkOutTime: properties.checkOutTime };

// Raw SQL, prepared once per database, only the columns a sync reads: every feed runs this every interval, and the
// drizzle join (every column of the feed, mapped generically) was ~15% of an unchanged (304) sync's main thread.
const query = preparedOnce((sqlite: Database.Database) =>
  sqlite.prepare<[string], Raw>(
    `SELECT ${Object.entries(FEED_COLUMNS).map(([key, column]) => `f.${c(column)} AS "${key}"`).join(", ")},
       ${Object.entries(PROPERTY_COLUMNS).map(([key, column]) => `p.${c(column)} AS "${key}"`).join(", ")}
     FROM "feeds" f JOIN "properties" p ON p."id" = f.${c(feeds.propertyId)} WHERE f."id" = ?`,
  ),
);

/** The feed row plus what placing its stays needs from the property. */
export function loadFeedForSync(db: Db, feedId: string): FeedForSync | undefined {
  const row = query(db.$client).get(feedId);
  if (!row) return undefined;
  return {
    feed: {
      id: row.id, accountId: row.accountId, propertyId: row.propertyId, name: row.name, status: row.status, urlEnc: row.urlEnc, urlRedacted: row.urlRedacted,
      syncIntervalMinutes: row.syncIntervalMinutes, nextSyncAt: row.nextSyncAt === null ? null : new Date(row.nextSyncAt),
      etag: row.etag, lastModified: row.lastModified, contentHash: row.contentHash,
    },
    property: { timezone: row.timezone, checkInTime: row.checkInTime, checkOutTime: row.checkOutTime },
  };
}
