import { and, eq, exists } from "drizzle-orm";
import { locks, providerConnections } from "../../db/schema";
import { desiredJob, type ReconcileSource, type ReconcileSources } from "../../jobs/reconcile-source";
import { RECONCILE_EVERY_MS } from "../../jobs/reconciler";

const DOOR_SWEEP_EVERY_MS = 15 * 60_000;

/** One `alerts.door-sweep` per 15-minute slot, bucketed so passes a few minutes apart want the same job. */
export const doorSweeps: ReconcileSource = ({ now }) => {
  const slot = new Date(Math.ceil(now.getTime() / DOOR_SWEEP_EVERY_MS) * DOOR_SWEEP_EVERY_MS);
  return [desiredJob("alerts.door-sweep", {}, { id: "door", version: slot }, slot)];
};

export const doorReconcileSources: ReconcileSources = {
  schedules: { doorSweeps },
};

/**
 * Each Seam connection with a lock polls its events every `everyMs`: the reconciler passes every five minutes, so
 * each pass asks for every slot until the next one (bucketed like the sweeps, so passes agree on the ids).
 */
export function seamEventPolls(everyMs: number): ReconcileSource {
  return ({ db, now }) => {
    const withLock = exists(db.select({ one: locks.id }).from(locks).where(eq(locks.connectionId, providerConnections.id)));
    const connections = db.select({ id: providerConnections.id }).from(providerConnections).where(and(eq(providerConnections.provider, "seam"), withLock)).all();
    const slots: Date[] = [];
    // The next slot always; more while they fall before the next pass.
    for (let t = Math.ceil(now.getTime() / everyMs) * everyMs; slots.length === 0 || t < now.getTime() + RECONCILE_EVERY_MS; t += everyMs) slots.push(new Date(t));
    return connections.flatMap((c) => slots.map((slot) => desiredJob("lock-health.poll-seam-events", { connectionId: c.id }, { id: c.id, version: slot }, slot)));
  };
}

/** The Seam poll's source when this install polls (`seamEventPollMs`), none when it does not. */
export const seamEventPollSources = (everyMs: number | null): ReconcileSources => (everyMs === null ? {} : { schedules: { seamEventPolls: seamEventPolls(everyMs) } });
