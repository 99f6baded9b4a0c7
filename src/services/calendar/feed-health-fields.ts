import type { FeedInsert } from "../../db/rows";
import type { FeedSummary, ReconcilePlan } from "../../domain/calendar";

type FeedUpdate = Partial<FeedInsert>;

export interface HealthInput {
  now: Date;
  nextSyncAt: Date;
}

/**
 * Feed row after a well-formed sync. The validators (ETag, Last-Modified, content hash) are stored only when the
 * sync settled everything: while a stay is counted missing, or the feed looked suspect, the next sync must read
 * and reconcile the same body again, or a stay missing once would never reach its second, cancelling absence.
 */
export function healthAfterSuccess(
  input: HealthInput & { summary: FeedSummary; plan: ReconcilePlan; etag?: string; lastModified?: string; previous: { emptyFetchStreak: number } },
): FeedUpdate {
  const { summary, plan } = input;
  const settled = !plan.suspect && plan.missingIncrements.length === 0;
  const eventCount = summary.eventCount;
  return {
    status: plan.suspect ? "suspect" : "ok",
    source: summary.source,
    lastSyncAt: input.now,
    lastSuccessAt: input.now,
    lastError: null,
    consecutiveFailures: 0,
    emptyFetchStreak: eventCount === 0 ? input.previous.emptyFetchStreak + 1 : 0,
    // A suspect feed keeps the last trusted count, so "it had 40 events last time" stays true on the next sync.
    ...(plan.suspect ? {} : { lastEventCount: eventCount }),
    etag: settled ? (input.etag ?? null) : null,
    lastModified: settled ? (input.lastModified ?? null) : null,
    contentHash: settled ? summary.contentHash : null,
    nextSyncAt: input.nextSyncAt,
    updatedAt: input.now,
  };
}

/** Feed row after a failed fetch or parse: every stay is kept; only the counters and the reason move. */
export function healthAfterFailure(input: HealthInput & { lastError: string; consecutiveFailures: number }): FeedUpdate {
  return {
    status: "failing",
    lastSyncAt: input.now,
    lastError: input.lastError,
    consecutiveFailures: input.consecutiveFailures,
    nextSyncAt: input.nextSyncAt,
    updatedAt: input.now,
  };
}
