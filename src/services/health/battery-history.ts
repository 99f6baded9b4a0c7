import { and, asc, desc, eq, gte, inArray, lt } from "drizzle-orm";
import { batteryReadings } from "../../db/schema";
import { lowCrossing, type BatteryPoint } from "../../domain/battery/battery-history";
import { newId } from "../../lib/ids";
import { policyOf } from "../alerts/alert-policy";
import type { LockRow, ServiceDeps } from "../deps";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/**
 * A lock polled every 30 minutes reports the same level all day: a reading that changes nothing is kept once every
 * this long, enough for the chart to show it held, without 48 rows a day per lock.
 */
const STILL_EVERY_MS = 6 * HOUR;
/** How far back a lock's chart looks. */
export const BATTERY_CHART_DAYS = 30;

/**
 * Keeps a battery reading in the lock's history when it says something new (a level or vendor word other than the one
 * the lock row holds) or the last kept one is old. `lock` is the row before the reading is applied. Synchronous, for
 * the same transaction as the reading.
 */
export function recordBatteryReading(deps: Pick<ServiceDeps, "db" | "clock">, lock: LockRow, percent: number | undefined, status: string | undefined): void {
  if (percent === undefined && status === undefined) return;
  const { db } = deps;
  const now = deps.clock.now();
  const changed = (percent !== undefined && percent !== lock.batteryLevel) || (status !== undefined && status !== lock.batteryStatus);
  if (!changed) {
    const last = db.select({ readAt: batteryReadings.readAt }).from(batteryReadings).where(eq(batteryReadings.lockId, lock.id)).orderBy(desc(batteryReadings.readAt)).limit(1).get();
    if (last && now.getTime() - last.readAt.getTime() < STILL_EVERY_MS) return;
  }
  db.insert(batteryReadings).values({ id: newId("batt"), accountId: lock.accountId, lockId: lock.id, level: percent ?? null, status: status ?? null, readAt: now }).run();
}

export interface BatteryHistory {
  from: Date;
  to: Date;
  /** The readings over the chart's span, with the last one before it first (the level the chart starts at). */
  points: BatteryPoint[];
  lowBelow: number;
  /** When it last fell under the low mark; `since`: it was already under it when the history starts. */
  crossedLow: { at: Date; since: boolean } | null;
}

/** Each lock's battery over the last BATTERY_CHART_DAYS days, for its chart: two small indexed reads per lock. */
export function batteryHistories(deps: Pick<ServiceDeps, "db" | "clock" | "alertPolicy">, accountId: string, lockIds: readonly string[]): Map<string, BatteryHistory> {
  const { db } = deps;
  const to = deps.clock.now();
  const from = new Date(to.getTime() - BATTERY_CHART_DAYS * DAY);
  const lowBelow = policyOf(deps).batteryLowBelow;
  const out = new Map<string, BatteryHistory>();
  if (lockIds.length === 0) return out;
  const rows = db
    .select({ lockId: batteryReadings.lockId, at: batteryReadings.readAt, level: batteryReadings.level })
    .from(batteryReadings)
    .where(and(eq(batteryReadings.accountId, accountId), inArray(batteryReadings.lockId, [...lockIds]), gte(batteryReadings.readAt, from)))
    .orderBy(asc(batteryReadings.readAt))
    .all();
  for (const lockId of lockIds) {
    const before = db
      .select({ at: batteryReadings.readAt, level: batteryReadings.level })
      .from(batteryReadings)
      .where(and(eq(batteryReadings.accountId, accountId), eq(batteryReadings.lockId, lockId), lt(batteryReadings.readAt, from)))
      .orderBy(desc(batteryReadings.readAt))
      .limit(1)
      .get();
    const points = [...(before ? [before] : []), ...rows.filter((r) => r.lockId === lockId).map(({ at, level }) => ({ at, level }))];
    out.set(lockId, { from, to, points, lowBelow, crossedLow: lowCrossing(points, lowBelow) });
  }
  return out;
}

/** Deletes battery readings older than the door activity's retention (STAYKEY_LOCK_EVENT_RETENTION_DAYS). */
export function purgeOldBatteryReadings(deps: Pick<ServiceDeps, "db" | "clock" | "config">): number {
  const before = new Date(deps.clock.now().getTime() - deps.config.STAYKEY_LOCK_EVENT_RETENTION_DAYS * DAY);
  return deps.db.delete(batteryReadings).where(lt(batteryReadings.readAt, before)).run().changes;
}
