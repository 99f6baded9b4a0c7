import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { preparedOnce } from "../../db/prepared-once";
import { feeds } from "../../db/schema";
import { updateById } from "../../db/update-by-id";
import type { ServiceDeps } from "../deps";
import { healthAfterFailure } from "./feed-health-fields";
import { commitSyncOutcome } from "./commit-sync-outcome";
import type { FeedRow } from "./load-feed";
import { nextSyncAt } from "./next-sync";
import type { SyncFailureReason, SyncOutcome } from "./sync-outcome";

export interface SyncFailure {
  reason: SyncFailureReason;
  detail: string;
  httpStatus?: number;
  /** The host asked to be left alone this long (429/503 Retry-After, already capped at a day). */
  retryAfterMs?: number;
}

/**
 * A failed sync keeps every stay: only the feed's counters and reason move, and the next attempt is scheduled on
 * the feed's normal interval (the alerts engineer's feed_failing rule reads `consecutiveFailures`), or later when the
 * host asked for that with Retry-After: a platform that rate-limits an account's polling is not polled again sooner.
 * `secrets` are scrubbed from the stored reason as a second line of defence; fetch and parse details never quote the URL.
 *
 * Written like every other sync outcome (commitSyncOutcome): during a platform's outage most feeds fail in the same
 * event-loop turn, and share one commit.
 */
export async function recordSyncFailure(
  deps: ServiceDeps,
  feed: Pick<FeedRow, "id" | "accountId" | "propertyId" | "syncIntervalMinutes" | "urlRedacted">,
  actor: string,
  failure: SyncFailure,
  secrets: readonly string[] = [],
): Promise<SyncOutcome> {
  const now = deps.clock.now();
  const next = laterOf(nextSyncAt(feed.id, now, feed.syncIntervalMinutes), failure.retryAfterMs === undefined ? undefined : new Date(now.getTime() + failure.retryAfterMs));
  const detail = scrub(failure.detail, secrets, feed.urlRedacted);
  const lastError = `${failure.reason}: ${detail}`;
  const consecutiveFailures = await commitSyncOutcome(deps, feed, actor, next, () => {
    // Re-read inside the transaction: a host may have paused or deleted the feed while we were fetching.
    const current = failuresQuery(deps.db).get({ feedId: feed.id });
    if (!current || current.status === "paused") return null;
    const failures = current.consecutiveFailures + 1;
    updateById(deps.db.$client, feeds, feed.id, healthAfterFailure({ now, nextSyncAt: next, lastError, consecutiveFailures: failures }));
    const audit = { result: "failed", reason: failure.reason, detail, consecutiveFailures: failures, ...(failure.httpStatus ? { httpStatus: failure.httpStatus } : {}) };
    return { result: failures, touched: [], audit: { detail: audit, failed: true } };
  });
  if (consecutiveFailures === null) return { feedId: feed.id, result: "skipped", reason: "paused" };
  deps.logger.warn({ feedId: feed.id, reason: failure.reason, consecutiveFailures }, "feed sync failed; stays kept");
  return {
    feedId: feed.id,
    result: "failed",
    reason: failure.reason,
    detail,
    ...(failure.httpStatus ? { httpStatus: failure.httpStatus } : {}),
    consecutiveFailures,
    nextSyncAt: next,
  };
}

const failuresQuery = preparedOnce((db: Db) =>
  db
    .select({ status: feeds.status, consecutiveFailures: feeds.consecutiveFailures })
    .from(feeds)
    .where(eq(feeds.id, sql.placeholder("feedId")))
    .prepare(),
);

function laterOf(a: Date, b: Date | undefined): Date {
  return b && b > a ? b : a;
}

function scrub(text: string, secrets: readonly string[], replacement: string): string {
  let out = text;
  for (const secret of secrets) if (secret) out = out.split(secret).join(replacement);
  return out;
}
