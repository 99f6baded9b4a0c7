import { desiredJob, type ReconcileSource, type ReconcileSources } from "../../jobs/reconcile-source";

const GUEST_REACH_EVERY_MS = 15 * 60_000;

/** One `alerts.check-guest-reach` per 15-minute slot, bucketed like the feed sweep, so passes minutes apart want the same job. */
export const guestReachSweeps: ReconcileSource = ({ now }) => {
  const slot = new Date(Math.ceil(now.getTime() / GUEST_REACH_EVERY_MS) * GUEST_REACH_EVERY_MS);
  return [desiredJob("alerts.check-guest-reach", {}, { id: "guest-reach", version: slot }, slot)];
};

export const guestReconcileSources: ReconcileSources = { schedules: { guestReachSweeps } };
