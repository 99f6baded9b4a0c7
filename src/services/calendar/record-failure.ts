import { and, eq, ne } from "drizzle-orm";
import { feeds } from "../../db/schema";
import type { ServiceDeps } from "../deps";
import { healthAfterFailure } from "./feed-health";
import { enqueueFollowUps } from "./follow-ups";
import type { FeedRow } from "./load-feed";
import { nextSyncAt } from "./next-sync";
import { recordAudit } from "../audit/record-audit";
import type { SyncFailureReason, SyncOutcome } from "./sync-outcome";

export interface SyncFailure {
  reason: SyncFailureReason;
  detail: string;
  httpStatus?: number;
}

/**
 * A failed sync keeps every stay: only the feed's counters and reason move, and the next attempt is scheduled on
 * the feed's normal interval (the alerts engineer's feed_failing rule reads `consecutiveFailures`). `secrets` are
 * scrubbed from the stored reason as a second line of defence; fetch and parse details never quote the URL.
 */
export async function recordSyncFailure(
  deps: ServiceDeps,
  feed: Pick<FeedRow, "id" | "accountId" | "propertyId" | "syncIntervalMinutes" | "urlRedacted">,
  actor: string,
  failure: SyncFailure,
  secrets: readonly string[] = [],
): Promise<SyncOutcome> {
  const now = deps.clock.now();
  const next = nextSyncAt(feed.id, now, feed.syncIntervalMinutes);
  const detail = scrub(failure.detail, secrets, feed.urlRedacted);
  const lastError = `${failure.reason}: ${detail}`;
  const consecutiveFailures = deps.db.transaction((tx) => {
    const current = tx.select({ consecutiveFailures: feeds.consecutiveFailures }).from(feeds).where(and(eq(feeds.id, feed.id), ne(feeds.status, "paused"))).get();
    if (!current) return null;
    const failures = current.consecutiveFailures + 1;
    tx.update(feeds).set(healthAfterFailure({ now, nextSyncAt: next, lastError, consecutiveFailures: failures })).where(eq(feeds.id, feed.id)).run();
    recordAudit(deps.db, deps.clock, {
      accountId: feed.accountId,
      actor,
      action: "feed.sync",
      subjectType: "feed",
      subjectId: feed.id,
      outcome: "error",
      detail: { result: "failed", reason: failure.reason, detail, consecutiveFailures: failures, ...(failure.httpStatus ? { httpStatus: failure.httpStatus } : {}) },
    });
    return failures;
  });
  if (consecutiveFailures === null) return { feedId: feed.id, result: "skipped", reason: "paused" };
  deps.logger.warn({ feedId: feed.id, reason: failure.reason, consecutiveFailures }, "feed sync failed; stays kept");
  await enqueueFollowUps(deps, feed, [], next);
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

function scrub(text: string, secrets: readonly string[], replacement: string): string {
  let out = text;
  for (const secret of secrets) if (secret) out = out.split(secret).join(replacement);
  return out;
}
