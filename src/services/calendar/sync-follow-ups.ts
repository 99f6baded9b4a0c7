import { jobIdFor } from "../../jobs/job-ids";
import { jobKeys } from "../../jobs/job-keys";
import type { ServiceDeps } from "../deps";
import type { TouchedStay } from "./sync-tx";

/** Follow-up enqueues that have been started; `finishSyncFollowUps` waits for them. */
export interface StartedSyncFollowUps {
  feedId: string;
  results: Promise<PromiseSettledResult<unknown>[]>;
}

/**
 * The planner's notice and the feed's next `calendar-sync.sync-feed` (none when `nextSyncAt` is null: the reconciler's
 * sweep enqueues it, see `reconcilerEnqueuesInTime`). The stays this sync changed carry a version the
 * planner has not planned (`planned_version < version`): that is the durable domain event, and one
 * `access-codes.plan-property` job tells the planner to take them up. One job per sync rather than one per stay: a
 * cold feed's ~70 job rows cost as much to write as its stays. Ids are deterministic, so a re-run of the same sync
 * enqueues nothing new; the reconciler asks for the same job for any unplanned stay a lost enqueue left behind.
 *
 * With the embedded driver the enqueues write their rows synchronously when called, so the sync calls this INSIDE
 * its transaction: the jobs commit with the stays they are for, in one commit. With BullMQ, call it after commit.
 */
export function startSyncFollowUps(deps: ServiceDeps, feed: { id: string; propertyId: string }, touched: readonly TouchedStay[], nextSyncAt: Date | null): StartedSyncFollowUps {
  const latest = new Map<string, number>();
  for (const stay of touched) latest.set(stay.id, Math.max(stay.version, latest.get(stay.id) ?? 0));
  const changed = [...latest].map(([id, version]) => ({ id, version }));
  const jobs = [
    ...(changed.length > 0
      ? [deps.jobs.enqueue("access-codes.plan-property", { propertyId: feed.propertyId }, { jobId: jobIdFor("access-codes.plan-property", jobKeys.propertyPlan(feed.propertyId, changed)) })]
      : []),
    ...(nextSyncAt
      ? [deps.jobs.enqueue("calendar-sync.sync-feed", { feedId: feed.id }, { jobId: jobIdFor("calendar-sync.sync-feed", jobKeys.feedSync({ id: feed.id, nextSyncAt })), runAt: nextSyncAt })]
      : []),
  ];
  return { feedId: feed.id, results: Promise.allSettled(jobs) };
}

/** True when follow-ups may be started inside the sync's SQLite transaction (see startSyncFollowUps). */
export function syncFollowUpsJoinTransaction(deps: ServiceDeps): boolean {
  return deps.jobs.driver === "embedded";
}

/**
 * After commit. A failed enqueue is logged, not thrown: the rows are committed and the reconciler re-creates any job
 * they call for within minutes. The plan-property job above IS the sync's notice to the planner, so no `stay.changed`
 * event (which would enqueue a job per stay, one round trip each) is emitted from here.
 */
export async function finishSyncFollowUps(deps: ServiceDeps, started: StartedSyncFollowUps): Promise<void> {
  const failed = (await started.results).filter((r) => r.status === "rejected").length;
  if (failed > 0) deps.logger.warn({ feedId: started.feedId, failed }, "could not enqueue sync follow-up jobs; the reconciler will re-create them");
}
