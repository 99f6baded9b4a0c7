import { and, eq, gte, inArray, lte, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import type { PropertyRow, StayRow } from "../../db/rows";
import { isGuestStay } from "../../domain/access";
import { alerts, properties, stays } from "../../db/schema";
import { raiseAlert, resolveAlert, type AlertTransition } from "../alerts/alert-store";
import { notifyAlertChanges } from "../alerts/notify-alert-change";
import { guestStays } from "../stays/guest-stays";
import { missingForCheckIn } from "./stay-readiness";
import type { ServiceDeps } from "../deps";

const HORIZON_MS = 24 * 3600_000;
export const checkInNotReadyKey = (stayId: string) => `check_in_not_ready:${stayId}`;


/**
 * The `alerts.daily-check` processor (scheduled by the reconciler at a property-local hour): every stay checking in
 * within 24 h must have a code confirmed on each lock and its code message sent, or the host hears what is missing
 * while there is still a day to fix it. Stays with an open alert are looked at again, so fixed ones resolve.
 */
export async function runDailyCheck(deps: Pick<ServiceDeps, "db" | "clock" | "jobs" | "logger" | "alertPolicy" | "events">, propertyId: string): Promise<{ checked: number; notReady: number }> {
  const { db } = deps;
  const property = db.select().from(properties).where(eq(properties.id, propertyId)).get();
  if (!property) return { checked: 0, notReady: 0 };
  const now = deps.clock.now();
  const until = new Date(now.getTime() + HORIZON_MS);
  const arriving = db.select().from(stays).where(and(
    eq(stays.propertyId, property.id), guestStays(), gte(stays.checkInAt, now), lte(stays.checkInAt, until),
  )).all();
  const ids = new Set(arriving.map((s) => s.id));
  const flagged = db.select({ subjectId: alerts.subjectId }).from(alerts).where(and(
    eq(alerts.accountId, property.accountId), eq(alerts.kind, "check_in_not_ready"), eq(alerts.status, "open"), eq(alerts.subjectType, "stay"),
  )).all().map((a) => a.subjectId).filter((id) => !ids.has(id));
  const revisit = flagged.length === 0 ? [] : db.select().from(stays).where(and(eq(stays.propertyId, property.id), inArray(stays.id, flagged))).all();

  let notReady = 0;
  const transitions = db.transaction(() => {
    const out: Array<AlertTransition | null> = [];
    for (const stay of arriving) {
      const t = evaluateStay(deps, property, stay, true);
      if (t?.change !== "resolved" && t) notReady++;
      out.push(t);
    }
    for (const stay of revisit) out.push(evaluateStay(deps, property, stay, false));
    return out;
  });
  await notifyAlertChanges(deps, transitions);
  return { checked: arriving.length, notReady };
}

function evaluateStay(deps: Pick<ServiceDeps, "db" | "clock">, property: PropertyRow, stay: StayRow, mayOpen: boolean): AlertTransition | null {
  const key = checkInNotReadyKey(stay.id);
  // No longer a guest's stay (cancelled, or another platform's copy of a booking): nothing to get ready.
  if (!isGuestStay(stay)) return resolveAlert(deps.db, deps.clock, stay.accountId, key);
  const missing = missingForCheckIn(deps.db, stay);
  if (missing.length === 0) return resolveAlert(deps.db, deps.clock, stay.accountId, key);
  if (!mayOpen) return null;
  const arrival = DateTime.fromJSDate(stay.earlyCheckInAt ?? stay.checkInAt, { zone: property.timezone }).toFormat("ccc d LLL HH:mm");
  const who = stay.guestName ? ` (${stay.guestName})` : stay.reservationCode ? ` (${stay.reservationCode})` : "";
  return raiseAlert(deps.db, deps.clock, {
    accountId: stay.accountId, kind: "check_in_not_ready", severity: "warning", subjectType: "stay", subjectId: stay.id, dedupeKey: key,
    title: `Check-in at ${property.name} on ${arrival}${who} is not ready`,
    detail: `Missing: ${missing.join("; ")}.`,
  });
}

/**
 * The step that was missing has happened (a guest code confirmed, the code message sent): a stay the morning check
 * flagged is resolved now if nothing else is missing, rather than at the next morning's check.
 */
export async function resolveCheckInIfReady(deps: Pick<ServiceDeps, "db" | "clock" | "jobs" | "logger" | "alertPolicy" | "events">, stayId: string): Promise<void> {
  const stay = deps.db.select().from(stays).where(eq(stays.id, stayId)).get();
  if (!stay) return;
  const key = checkInNotReadyKey(stay.id);
  const flagged = deps.db.select({ id: alerts.id }).from(alerts)
    .where(and(eq(alerts.accountId, stay.accountId), eq(alerts.dedupeKey, key), sql`${alerts.status} = 'open'`)).get();
  if (!flagged || (isGuestStay(stay) && missingForCheckIn(deps.db, stay).length > 0)) return;
  await notifyAlertChanges(deps, [resolveAlert(deps.db, deps.clock, stay.accountId, key)]);
}
