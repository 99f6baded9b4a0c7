import { locks, properties } from "../../db/schema";
import { localDateOf, nextLocalHour } from "../../domain/calendar";
import { jobKeys } from "../../jobs/job-keys";
import { desiredJob, type ReconcileSource, type ReconcileSources } from "../../jobs/reconcile-source";

const LOCK_HEALTH_EVERY_MS = 30 * 60_000;
const FEED_SWEEP_EVERY_MS = 15 * 60_000;
const DAILY_CHECK_HOUR = 8;

export const lockHealthChecks: ReconcileSource = ({ db, now }) =>
  db.select({ id: locks.id, lastHealthAt: locks.lastHealthAt }).from(locks).all().map((l) => {
    const due = new Date(Math.max(now.getTime(), (l.lastHealthAt?.getTime() ?? 0) + LOCK_HEALTH_EVERY_MS));
    // Bucketed so passes a few minutes apart want the same job instead of a new one each time.
    const slot = new Date(Math.ceil(due.getTime() / LOCK_HEALTH_EVERY_MS) * LOCK_HEALTH_EVERY_MS);
    return desiredJob("lock-health.check-lock", { lockId: l.id }, jobKeys.lockHealth(l, slot), slot);
  });

export const dailyChecks: ReconcileSource = ({ db, now }) =>
  db.select({ id: properties.id, timezone: properties.timezone }).from(properties).all().map((p) => {
    const at = nextLocalHour(now, p.timezone, DAILY_CHECK_HOUR);
    return desiredJob("alerts.daily-check", { propertyId: p.id }, jobKeys.daily(p.id, localDateOf(at, p.timezone)), at);
  });

/** The feed-health sweep: one `alerts.check-feeds` per 15-minute slot, bucketed like the lock checks. */
export const feedHealthSweeps: ReconcileSource = ({ now }) => {
  const slot = new Date(Math.ceil(now.getTime() / FEED_SWEEP_EVERY_MS) * FEED_SWEEP_EVERY_MS);
  return [desiredJob("alerts.check-feeds", {}, { id: "feeds", version: slot }, slot)];
};

/** The health checks only the reconciler schedules: each lock every 30 minutes, each property's morning check, feeds. */
export const healthReconcileSources: ReconcileSources = {
  schedules: { lockHealthChecks, dailyChecks, feedHealthSweeps },
};
