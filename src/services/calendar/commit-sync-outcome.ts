import { recordAudit } from "../audit/record-audit";
import type { ServiceDeps } from "../deps";
import { inSharedTransaction } from "./group-commit";
import { finishSyncFollowUps, startSyncFollowUps, syncFollowUpsJoinTransaction } from "./sync-follow-ups";
import type { TouchedStay } from "./sync-tx";

/** What one outcome's writes leave for the commit around them. */
export interface SyncOutcomeWrite<T> {
  /** Handed back to the caller once committed. */
  result: T;
  /** Stays whose version moved: the planner's notice (none for an unchanged or failed sync). */
  touched: readonly TouchedStay[];
  /** The `feed.sync` audit row: ids, counts and reasons only, never the URL. */
  audit: { detail: Record<string, unknown>; failed?: boolean };
}

/**
 * How every sync outcome (changed, unchanged, failed) is written: the caller's writes, the feed's `feed.sync` audit
 * row and (embedded driver) its follow-up jobs, the planner's notice and the next sync (unless `nextSyncJob` is null,
 * when the reconciler enqueues it), in one commit shared with the
 * other feeds that finish in the same event-loop turn (a commit cost more than an unchanged feed's writes); with
 * BullMQ the jobs go after commit. `write` re-reads the feed inside the transaction and answers null when a host
 * paused or deleted it meanwhile: then nothing is written at all, and this answers null too.
 */
export async function commitSyncOutcome<T>(
  deps: ServiceDeps,
  feed: { id: string; accountId: string; propertyId: string },
  actor: string,
  nextSyncJob: Date | null,
  write: () => SyncOutcomeWrite<T> | null,
): Promise<T | null> {
  const jobsInTransaction = syncFollowUpsJoinTransaction(deps);
  const committed = await inSharedTransaction(deps.db, () => {
    const written = write();
    if (!written) return null;
    recordAudit(deps.db, deps.clock, {
      accountId: feed.accountId, actor, action: "feed.sync", subjectType: "feed", subjectId: feed.id,
      ...(written.audit.failed ? { outcome: "error" as const } : {}), detail: written.audit.detail,
    });
    return { written, followUps: jobsInTransaction ? startSyncFollowUps(deps, feed, written.touched, nextSyncJob) : null };
  });
  if (!committed) return null;
  await finishSyncFollowUps(deps, committed.followUps ?? startSyncFollowUps(deps, feed, committed.written.touched, nextSyncJob));
  return committed.written.result;
}
