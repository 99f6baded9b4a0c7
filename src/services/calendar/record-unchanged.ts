import type Database from "better-sqlite3";
import { feeds } from "../../db/schema";
import { preparedOnce } from "../../db/prepared-once";
import type { ServiceDeps } from "../deps";
import { commitSyncOutcome } from "./commit-sync-outcome";
import type { FeedRow } from "./load-feed";
import { nextSyncAt, reconcilerEnqueuesInTime } from "./next-sync";
import type { SyncOutcome } from "./sync-outcome";

const c = (column: { name: string }) => `"${column.name}"`;
// A 304 or an unchanged hash means the feed answered well, so a past failure streak is over. Raw SQL because this
// runs for every feed every interval (the steady state): a drizzle update cost more than the HTTP round trip.
const markStatement = preparedOnce((sqlite: Database.Database) =>
  sqlite.prepare(
    `UPDATE "feeds" SET ${c(feeds.status)} = 'ok', ${c(feeds.lastSyncAt)} = @now, ${c(feeds.lastSuccessAt)} = @now, ${c(feeds.lastError)} = NULL,
       ${c(feeds.consecutiveFailures)} = 0, ${c(feeds.etag)} = coalesce(@etag, ${c(feeds.etag)}),
       ${c(feeds.lastModified)} = coalesce(@lastModified, ${c(feeds.lastModified)}), ${c(feeds.nextSyncAt)} = @next, ${c(feeds.updatedAt)} = @now
     WHERE ${c(feeds.id)} = @id AND ${c(feeds.status)} != 'paused'`,
  ),
);

/**
 * A 304, or a body whose content hash is unchanged: no parse (for a 304), no stay writes, only the feed row moves (and
 * its audit row). The next sync's job is left to the reconciler when its pass comes first (reconcilerEnqueuesInTime).
 */
export async function recordUnchanged(
  deps: ServiceDeps,
  feed: Pick<FeedRow, "id" | "accountId" | "propertyId" | "syncIntervalMinutes">,
  actor: string,
  reason: "not_modified" | "same_content",
  fetched: { etag?: string; lastModified?: string } = {},
): Promise<SyncOutcome> {
  const now = deps.clock.now();
  const next = nextSyncAt(feed.id, now, feed.syncIntervalMinutes);
  const statement = markStatement(deps.db.$client);
  const marked = await commitSyncOutcome(deps, feed, actor, reconcilerEnqueuesInTime(now, next) ? null : next, () => {
    const params = { id: feed.id, now: now.getTime(), next: next.getTime(), etag: fetched.etag ?? null, lastModified: fetched.lastModified ?? null };
    if (statement.run(params).changes === 0) return null;
    return { result: true, touched: [], audit: { detail: { result: "unchanged", reason } } };
  });
  if (marked === null) return { feedId: feed.id, result: "skipped", reason: "paused" };
  return { feedId: feed.id, result: "unchanged", reason, nextSyncAt: next };
}
