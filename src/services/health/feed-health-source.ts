import { jobIdFor } from "../../jobs/job-ids";
import type { DesiredJob, ReconcileSource } from "../../jobs/reconcile-sources";

const SWEEP_EVERY_MS = 15 * 60_000;

/**
 * A reconciler source for the feed-health sweep: one `alerts.check-feeds` per 15-minute slot. Bucketed like the
 * lock checks, so reconcile passes a few minutes apart want the same job, not a new one each time.
 */
export const feedHealthSweeps: ReconcileSource = ({ now }) => {
  const slot = new Date(Math.ceil(now.getTime() / SWEEP_EVERY_MS) * SWEEP_EVERY_MS);
  return [{ name: "alerts.check-feeds", payload: {}, jobId: jobIdFor("alerts.check-feeds", { id: "feeds", version: slot }), runAt: slot } as DesiredJob];
};
