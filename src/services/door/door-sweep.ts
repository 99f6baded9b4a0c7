import { and, eq, exists, inArray, isNotNull, isNull, lt, lte, gt } from "drizzle-orm";
import { accessCodes, alerts, lockEvents, properties, stays } from "../../db/schema";
import { raiseAlert, resolveAlert, type AlertTransition } from "../alerts/alert-store";
import { notifyAlertChanges } from "../alerts/notify-alert-change";
import { guestStays } from "../stays/guest-stays";
import { purgePastRetention } from "../operations/retention";
import { purgeOldBatteryReadings } from "../health/battery-history";
import type { ServiceDeps } from "../deps";
import { noArrivalKey } from "./arrival";
import { resolveQuietDoorAlerts } from "./security-alerts";
import { localTimeOfDay } from "../../domain/door/door-notices";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * `no_arrival` (info): a stay whose guest code has not opened the door N minutes (the property's setting) after
 * check-in. Only for doors that report activity (a lock with at least one event in the log): a lock that never tells
 * us anything would otherwise report every guest missing. Resolved by the arrival itself, or when the stay is over,
 * cancelled or checked out.
 */
export async function checkArrivals(deps: ServiceDeps): Promise<void> {
  const now = deps.clock.now();
  const reporting = exists(deps.db.select({ one: lockEvents.id }).from(lockEvents).where(eq(lockEvents.lockId, accessCodes.lockId)));
  const guestCodeOnReportingLock = exists(deps.db.select({ one: accessCodes.id }).from(accessCodes)
    .where(and(eq(accessCodes.stayId, stays.id), eq(accessCodes.purpose, "guest"), inArray(accessCodes.state, ["active", "revoking"]), reporting)));
  const waiting = deps.db.select({ stay: stays, property: properties }).from(stays).innerJoin(properties, eq(properties.id, stays.propertyId))
    .where(and(guestStays(), isNull(stays.checkedInAt), isNull(stays.checkedOutAt), isNotNull(properties.noArrivalAlertMinutes),
      lte(stays.checkInAt, now), gt(stays.checkOutAt, now), guestCodeOnReportingLock)).all();
  const transitions: Array<AlertTransition | null> = [];
  for (const { stay, property } of waiting) {
    if (stay.checkInAt.getTime() + property.noArrivalAlertMinutes! * MINUTE > now.getTime()) continue;
    const who = stay.guestName?.trim() || "The guest";
    transitions.push(raiseAlert(deps.db, deps.clock, {
      accountId: stay.accountId, kind: "no_arrival", severity: "info", subjectType: "stay", subjectId: stay.id, dedupeKey: noArrivalKey(stay.id),
      title: `${who} has not opened the door at ${property.name} yet`,
      detail: `Check-in was ${localTimeOfDay(stay.checkInAt, property.timezone, property.locale)}; the guest's code has not been used since.`,
    }));
  }
  // Over, cancelled or checked out: nobody is expected any more.
  const open = deps.db.select({ accountId: alerts.accountId, dedupeKey: alerts.dedupeKey, stayId: alerts.subjectId }).from(alerts)
    .where(and(eq(alerts.status, "open"), eq(alerts.kind, "no_arrival"))).all();
  for (const a of open) {
    const stay = deps.db.select().from(stays).where(eq(stays.id, a.stayId)).get();
    if (!stay || stay.status !== "confirmed" || stay.checkedOutAt || stay.checkedInAt || stay.checkOutAt.getTime() <= now.getTime()) {
      transitions.push(resolveAlert(deps.db, deps.clock, a.accountId, a.dedupeKey));
    }
  }
  await notifyAlertChanges(deps, transitions);
}

/** Deletes door events older than the retention (STAYKEY_LOCK_EVENT_RETENTION_DAYS, default 180 days). */
export function purgeOldDoorEvents(deps: Pick<ServiceDeps, "db" | "clock" | "config">): number {
  const before = new Date(deps.clock.now().getTime() - deps.config.STAYKEY_LOCK_EVENT_RETENTION_DAYS * DAY);
  return deps.db.delete(lockEvents).where(lt(lockEvents.occurredAt, before)).run().changes;
}

/** The `alerts.door-sweep` job: arrivals overdue, security alerts gone quiet, door events, battery readings, messages and audit events past retention. */
export async function runDoorSweep(deps: ServiceDeps): Promise<void> {
  await checkArrivals(deps);
  await resolveQuietDoorAlerts(deps);
  const purged = purgeOldDoorEvents(deps);
  if (purged > 0) deps.logger.info({ purged }, "door events past retention deleted");
  // The battery history is kept as long as the door activity: both are a lock's record.
  const readings = purgeOldBatteryReadings(deps);
  if (readings > 0) deps.logger.info({ readings }, "battery readings past retention deleted");
  const { messages, auditEvents } = purgePastRetention(deps);
  if (messages + auditEvents > 0) deps.logger.info({ messages, auditEvents }, "messages and audit events past retention deleted");
}
