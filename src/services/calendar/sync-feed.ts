import { sealGuestContact } from "../contact-details/contact-details";
import { feeds } from "../../db/schema";
import { updateById } from "../../db/update-by-id";
import { reconcileFeed, type CandidateStay, type FeedSummary } from "../../domain/calendar";
import type { ServiceDeps } from "../deps";
import { applyPlan } from "./apply-plan";
import { healthAfterSuccess } from "./feed-health-fields";
import { commitSyncOutcome } from "./commit-sync-outcome";
import { feedStateInTransaction, storedStaysOfFeed } from "./feed-stays";
import { updateSuspectAlert } from "./suspect-alert";
import { loadFeedForSync, type FeedForSync } from "./load-feed";
import { reportConflicts } from "./conflict-alerts";
import { markEchoesAndConflicts } from "./mark-echoes";
import { nextSyncAt } from "./next-sync";
import { openFeedUrl } from "./open-feed-url";
import { recordSyncFailure } from "./record-failure";
import { recordUnchanged } from "./record-unchanged";
import { refreshFeedContacts } from "./refresh-feed-contacts";
import { inlineFeedReader } from "./reader/feed-reader";
import { emptyCounts, type SyncOutcome } from "./sync-outcome";
import { recordFeedSync } from "../../lib/metrics";

export interface SyncFeedOptions {
  /** Ignore the stored ETag/Last-Modified and content hash: re-read and re-reconcile (after a property's times changed). */
  force?: boolean;
  /** Audit actor: `job:calendar-sync.sync-feed`, `cli`, `api_key:<id>`; default `system`. */
  actor?: string;
  /** The feed as the caller just read it (the job handler, for its stale check), so it is not read twice. */
  loaded?: FeedForSync;
}

/**
 * One sync of one feed. I/O first (decrypt, conditional GET, parse), then one synchronous transaction that applies
 * the reconcile plan, the property's echo/conflict marks, the feed's health, the audit row and (embedded driver) the
 * follow-up jobs; with BullMQ the jobs go after commit. A failed fetch or an untrustworthy body changes no stay. Never throws for a feed problem; only
 * an unexpected database error escapes (the job retries it).
 */
export async function syncFeed(deps: ServiceDeps, feedId: string, opts: SyncFeedOptions = {}): Promise<SyncOutcome> {
  const started = performance.now();
  const outcome = await syncFeedOnce(deps, feedId, opts);
  recordFeedSync(outcome.result, (performance.now() - started) / 1000);
  return outcome;
}

async function syncFeedOnce(deps: ServiceDeps, feedId: string, opts: SyncFeedOptions): Promise<SyncOutcome> {
  const loaded = opts.loaded ?? loadFeedForSync(deps.db, feedId);
  if (!loaded) return { feedId, result: "skipped", reason: "not_found" };
  if (loaded.feed.status === "paused") return { feedId, result: "skipped", reason: "paused" };
  const { feed } = loaded;
  const actor = opts.actor ?? "system";

  let url: string;
  try {
    url = openFeedUrl(deps.box, feed);
  } catch {
    return recordSyncFailure(deps, feed, actor, { reason: "decrypt", detail: "the stored feed URL cannot be decrypted (was STAYKEY_SECRET changed?)" });
  }
  const conditional = opts.force ? {} : { etag: feed.etag ?? undefined, lastModified: feed.lastModified ?? undefined };
  // Fetched and parsed on a reader thread when the runtime has a pool; this thread reconciles and writes.
  const reader = deps.feedReader ?? inlineFeedReader;
  const input = { now: deps.clock.now(), property: loaded.property, knownContentHash: opts.force ? null : feed.contentHash };
  const read = await reader.read({ url, ...conditional, input }, deps.feedFetch);
  if (read.status === "error") {
    return recordSyncFailure(deps, feed, actor, { reason: read.reason, detail: read.detail, httpStatus: read.httpStatus, retryAfterMs: read.retryAfterMs }, [url]);
  }
  if (read.status === "unread") return recordSyncFailure(deps, feed, actor, { reason: read.reason, detail: read.detail });
  if (read.status === "not_modified") return recordUnchanged(deps, feed, actor, "not_modified");
  const { reading } = read;
  if (!reading.ok) {
    const secrets = reading.reason === "property_timezone" ? [] : [url, read.finalUrl];
    return recordSyncFailure(deps, feed, actor, { reason: reading.reason, detail: reading.detail }, secrets);
  }
  if (reading.sameContent) return recordUnchanged(deps, feed, actor, "same_content", read);
  return applySync(deps, loaded, actor, reading.summary, reading.candidates, read);
}

async function applySync(
  deps: ServiceDeps,
  { feed }: FeedForSync,
  actor: string,
  summary: FeedSummary,
  candidates: CandidateStay[],
  fetched: { etag?: string; lastModified?: string },
): Promise<SyncOutcome> {
  const now = deps.clock.now();
  const next = nextSyncAt(feed.id, now, feed.syncIntervalMinutes);
  // Shared with the other feeds finishing in this event-loop turn: a cold feed's commit (~150 rows) was a large part
  // of its cost. The feed's own writes stay atomic (a savepoint), and we return only after the commit.
  const committed = await commitSyncOutcome(deps, feed, actor, next, () => {
    // Re-read inside the transaction: a host may have paused or deleted the feed while we were fetching.
    const current = feedStateInTransaction(deps.db, feed.id);
    if (!current || current.status === "paused") return null;
    const stored = storedStaysOfFeed(deps.db, feed.id);
    const plan = reconcileFeed({
      existing: stored,
      candidates,
      now,
      previousEventCount: current.lastEventCount,
      unreadableUids: summary.skippedUids,
    });
    const { touched, currentStays } = applyPlan(deps.db.$client, {
      accountId: feed.accountId, propertyId: feed.propertyId, feedId: feed.id, now,
      sealContact: (stayId, contact) => sealGuestContact(deps.box, stayId, contact),
    }, plan, stored);
    const { touched: echoes, conflicts } = markEchoesAndConflicts(deps.db, feed.propertyId, now, { id: feed.id, currentStays });
    const changed = [...touched, ...echoes];
    // After the marks, which write versions from what the plan wrote; this reads each stay's version afresh.
    const contactsChanged = refreshFeedContacts(deps.db.$client, deps.box, now, candidates, stored, plan, changed);
    updateById(deps.db.$client, feeds, feed.id, healthAfterSuccess({ now, nextSyncAt: next, summary, plan, ...fetched, previous: current }));
    const counts = {
      ...emptyCounts(),
      created: plan.creates.length,
      updated: plan.updates.length,
      cancelled: plan.cancels.length,
      missing: plan.missingIncrements.length,
      echoesChanged: echoes.length,
      contactsChanged,
    };
    const detail = { result: "changed", source: summary.source, events: summary.events, ...counts, ...(plan.suspect ? { suspect: plan.suspect.reason } : {}) };
    // Embedded driver: the stays, the feed row, the audit row and the planner's jobs are one commit.
    return { result: { plan, counts, conflicts, stayIds: [...new Set(changed.map((t) => t.id))] }, touched: changed, audit: { detail } };
  });
  if (!committed) return { feedId: feed.id, result: "skipped", reason: "paused" };
  if (committed.stayIds.length > 0) await deps.events.emit({ type: "feed.stays-changed", feedId: feed.id, stayIds: committed.stayIds });
  await updateSuspectAlert(deps, feed, committed.plan.suspect);
  await reportConflicts(deps, feed, committed.conflicts);
  const warnings = summary.warnings;
  if (warnings > 0) deps.logger.info({ feedId: feed.id, warnings }, "feed synced with warnings");
  return {
    feedId: feed.id,
    result: "changed",
    source: summary.source,
    events: summary.events,
    counts: committed.counts,
    ...(committed.plan.suspect ? { suspect: committed.plan.suspect } : {}),
    warnings,
    nextSyncAt: next,
  };
}
