import { and, eq } from "drizzle-orm";
import { alerts, locks, properties } from "../../db/schema";
import { raiseAlert, resolveAlert, type AlertTransition } from "../alerts/alert-store";
import { policyOf } from "../alerts/alert-policy";
import type { LockRow } from "../deps";
import { batteryConcern, toPercent } from "./battery-concern";
import { recordBatteryReading } from "./battery-history";
import type { ServiceDeps } from "../deps";

/** What one poll or one webhook told us about a lock; absent fields were not reported and stay as they are. */
export interface LockReading {
  online?: boolean;
  /** 0..1, as providers report it. */
  batteryLevel?: number;
  batteryStatus?: string;
  lastSeenAt?: Date;
  /** A full provider poll (the 30-minute check), as opposed to a single webhook event. */
  polled?: boolean;
}

export const batteryAlertKey = (lockId: string) => `battery:${lockId}`;
export const offlineAlertKey = (lockId: string) => `lock_offline:${lockId}`;

/**
 * Stores a reading on the lock row and opens, escalates or resolves its battery and offline alerts. Synchronous, so
 * the webhook can run it in the same transaction that records the event id. Returns the alert transitions for
 * `notifyAlertChanges` after commit.
 */
export function applyLockReading(deps: Pick<ServiceDeps, "db" | "clock" | "alertPolicy">, lock: LockRow, reading: LockReading): AlertTransition[] {
  const { db, clock } = deps;
  const now = clock.now();
  const percent = reading.batteryLevel === undefined ? undefined : toPercent(reading.batteryLevel);
  recordBatteryReading(deps, lock, percent, reading.batteryStatus);
  db.update(locks).set({
    ...(reading.online === undefined ? {} : { online: reading.online }),
    ...(percent === undefined ? {} : { batteryLevel: percent }),
    ...(reading.batteryStatus === undefined ? {} : { batteryStatus: reading.batteryStatus }),
    ...(reading.lastSeenAt ? { lastSeenAt: reading.lastSeenAt } : reading.online ? { lastSeenAt: now } : {}),
    ...(reading.polled ? { lastHealthAt: now } : {}),
    updatedAt: now,
  }).where(eq(locks.id, lock.id)).run();

  const place = db.select({ name: properties.name }).from(properties).where(eq(properties.id, lock.propertyId)).get()?.name;
  const label = place ? `${lock.name} at ${place}` : lock.name;
  const base = { accountId: lock.accountId, subjectType: "lock", subjectId: lock.id };
  const out: Array<AlertTransition | null> = [];

  if (percent !== undefined || reading.batteryStatus !== undefined) {
    const concern = batteryConcern(percent, reading.batteryStatus, policyOf(deps));
    const level = percent === undefined ? "" : ` (${percent}%)`;
    // A reading a little above critical does not calm an alert that already reached critical: only a fix resolves it.
    const wasCritical = openSeverity(deps, lock.accountId, batteryAlertKey(lock.id)) === "critical";
    if (concern === "critical" || (concern === "low" && wasCritical)) {
      out.push(raiseAlert(db, clock, { ...base, kind: "battery_critical", severity: "critical", dedupeKey: batteryAlertKey(lock.id),
        title: `${label} battery is critical${level}`, detail: "Replace the batteries now: a lock this low may stop accepting or removing codes." }));
    } else if (concern === "low") {
      out.push(raiseAlert(db, clock, { ...base, kind: "battery_low", severity: "warning", dedupeKey: batteryAlertKey(lock.id),
        title: `${label} battery is low${level}`, detail: "Plan a battery change before the next turnover." }));
    } else if (concern === "ok") {
      out.push(resolveAlert(db, clock, lock.accountId, batteryAlertKey(lock.id)));
    }
  }

  if (reading.online === false) {
    const seen = reading.lastSeenAt ?? lock.lastSeenAt;
    out.push(raiseAlert(db, clock, { ...base, kind: "lock_offline", severity: "warning", dedupeKey: offlineAlertKey(lock.id),
      title: `${label} is offline`,
      detail: `Codes cannot be set or removed until it reconnects${seen ? `; last seen ${seen.toISOString()}` : ""}. Check its hub or Wi-Fi.` }));
  } else if (reading.online === true) {
    out.push(resolveAlert(db, clock, lock.accountId, offlineAlertKey(lock.id)));
  }
  return out.filter((t): t is AlertTransition => t !== null);
}

function openSeverity(deps: Pick<ServiceDeps, "db">, accountId: string, dedupeKey: string): string | undefined {
  return deps.db.select({ severity: alerts.severity }).from(alerts)
    .where(and(eq(alerts.accountId, accountId), eq(alerts.dedupeKey, dedupeKey), eq(alerts.status, "open"))).get()?.severity;
}
