import type { JobPayload } from "../../jobs/definitions";
import { jobKeys } from "../../jobs/job-keys";
import type { JobHandler, JobHandlers } from "../../jobs/port";
import { skipIfStale } from "../../jobs/stale-guard";
import type { ServiceDeps } from "../deps";
import { loadFeedForSync } from "./load-feed";
import { syncFeed } from "./sync-feed";

const JOB = "calendar-sync.sync-feed";

/**
 * The `calendar-sync.sync-feed` processor. A job for a deleted or paused feed, or one made for an earlier
 * `nextSyncAt` (a "sync now" already ran and re-scheduled the feed), exits quietly. A feed problem is recorded on
 * the feed and is not a job failure; only an unexpected error (the database) is thrown for the engine to retry.
 */
export function createSyncFeedHandler(deps: ServiceDeps): JobHandler<JobPayload<typeof JOB>> {
  return async ({ feedId }, ctx) => {
    // The sync's own prepared query, read once and handed to the sync: every feed runs this job every interval.
    const loaded = loadFeedForSync(deps.db, feedId);
    if (skipIfStale(JOB, ctx, loaded?.feed, deps.logger, { keyOf: jobKeys.feedSync, stillWanted: (f) => f.status !== "paused" })) return;
    const outcome = await syncFeed(deps, feedId, { actor: `job:${JOB}`, ...(loaded ? { loaded } : {}) });
    deps.logger.info(
      { job: JOB, jobId: ctx.jobId, feedId, result: outcome.result, ...(outcome.result === "failed" ? { reason: outcome.reason } : {}) },
      "feed sync finished",
    );
  };
}

/** Calendar sync's processors. */
export function calendarProcessors(deps: ServiceDeps): Pick<JobHandlers, "calendar-sync.sync-feed"> {
  const syncFeed = createSyncFeedHandler(deps);
  return {
    "calendar-sync.sync-feed": async (payload, ctx) => {
      await syncFeed(payload, ctx);
      await deps.events.emit({ type: "feed.synced", feedId: payload.feedId });
    },
  };
}
