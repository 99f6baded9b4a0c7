import { jobIdFor } from "../../jobs/job-ids";
import { jobKeys } from "../../jobs/job-keys";
import { raiseAlert, resolveAlert } from "../alerts/alert-store";
import { notifyAlertChange } from "../alerts/notify-alert-change";
import type { ServiceDeps } from "../deps";
import type { TouchedStay } from "./sync-tx";

export const feedSuspectKey = (feedId: string) => `feed_suspect:${feedId}`;

/**
 * After commit: one `access-codes.plan-stay` per stay version this sync produced (the planner's view of the domain
 * events) and the feed's next `calendar-sync.sync-feed`. Ids are deterministic, so a re-run of the same sync
 * enqueues nothing new. A failed enqueue is logged, not thrown: the rows are committed and the reconciler
 * re-creates any job they call for within minutes. The `stayChanged` lifecycle hook hears about the same stays.
 */
export async function enqueueFollowUps(deps: ServiceDeps, feedId: string, touched: readonly TouchedStay[], nextSyncAt: Date): Promise<void> {
  const latest = new Map<string, number>();
  for (const stay of touched) latest.set(stay.id, Math.max(stay.version, latest.get(stay.id) ?? 0));
  const enqueueAll = () => [
    ...[...latest].map(([id, version]) =>
      deps.jobs.enqueue("access-codes.plan-stay", { stayId: id }, { jobId: jobIdFor("access-codes.plan-stay", jobKeys.stay({ id, version })) }),
    ),
    deps.jobs.enqueue("calendar-sync.sync-feed", { feedId }, { jobId: jobIdFor("calendar-sync.sync-feed", jobKeys.feedSync({ id: feedId, nextSyncAt })), runAt: nextSyncAt }),
  ];
  // The embedded driver writes each job synchronously inside enqueue(); one SQLite transaction around the calls makes a
  // cold feed's ~70 jobs one commit instead of 70 (the commits were most of a cold sync). With BullMQ it only wraps
  // the synchronous start of each call. The stays are already committed either way.
  const jobs = latest.size > 0 && deps.jobs.driver === "embedded" ? deps.db.transaction(() => enqueueAll()) : enqueueAll();
  const results = await Promise.allSettled(jobs);
  const failed = results.filter((r) => r.status === "rejected").length;
  if (failed > 0) deps.logger.warn({ feedId, failed }, "could not enqueue sync follow-up jobs; the reconciler will re-create them");
  const stayChanged = deps.hooks?.stayChanged;
  if (!stayChanged) return;
  for (const stayId of latest.keys()) {
    await stayChanged(stayId).catch((err: unknown) => {
      deps.logger.warn({ feedId, stayId, err: err instanceof Error ? err.name : "unknown" }, "stayChanged hook failed; the plan-stay job still runs");
    });
  }
}

/** Opens (or refreshes) the feed's `feed_suspect` alert, or resolves it once a sync looks normal again. */
export async function updateSuspectAlert(
  deps: ServiceDeps,
  feed: { id: string; accountId: string; name: string | null },
  suspect: { reason: string; detail: string } | undefined,
): Promise<void> {
  const key = feedSuspectKey(feed.id);
  if (!suspect) {
    await notifyAlertChange(deps, resolveAlert(deps.db, deps.clock, feed.accountId, key));
    return;
  }
  const label = feed.name ?? feed.id;
  const transition = raiseAlert(deps.db, deps.clock, {
    accountId: feed.accountId,
    kind: "feed_suspect",
    severity: "warning",
    subjectType: "feed",
    subjectId: feed.id,
    dedupeKey: key,
    title: suspect.reason === "empty_feed" ? `Calendar ${label} came back empty` : `Calendar ${label} suddenly lost most of its bookings`,
    detail: `${suspect.detail}. Stays were kept; check the listing's calendar on the platform.`,
  });
  await notifyAlertChange(deps, transition);
}
