import { desiredJob, type ReconcileSource, type ReconcileSources } from "../../jobs/reconcile-source";

const DOOR_SWEEP_EVERY_MS = 15 * 60_000;

/** One `alerts.door-sweep` per 15-minute slot, bucketed so passes a few minutes apart want the same job. */
export const doorSweeps: ReconcileSource = ({ now }) => {
  const slot = new Date(Math.ceil(now.getTime() / DOOR_SWEEP_EVERY_MS) * DOOR_SWEEP_EVERY_MS);
  return [desiredJob("alerts.door-sweep", {}, { id: "door", version: slot }, slot)];
};

export const doorReconcileSources: ReconcileSources = {
  schedules: { doorSweeps },
};
