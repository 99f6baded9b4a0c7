import { and, eq, gte, inArray, lte } from "drizzle-orm";
import type { LockEventRow } from "../../db/rows";
import { accessCodes, alerts, lockEvents, locks } from "../../db/schema";
import {
  BRUTE_FORCE_WINDOW_MS, DOOR_ALERT_SEVERITY, DOOR_SECURITY_KINDS, SECURITY_QUIET_MS, isBruteForce, securityConcern, type DoorAlertKind,
} from "../../domain/door/door-security";
import { localTimeOfDay } from "../../domain/door/door-notices";
import { raiseAlert, resolveAlert, type AlertTransition } from "../alerts/alert-store";
import { notifyAlertChanges } from "../alerts/notify-alert-change";
import type { ServiceDeps } from "../deps";
import { properties } from "../../db/schema";

/** One open alert per concern and subject: a code, or a lock (and the code reference, for a code staykey does not know). */
export function doorAlertKey(kind: DoorAlertKind, event: Pick<LockEventRow, "lockId" | "accessCodeId" | "providerCodeId" | "slot">): string {
  switch (kind) {
    case "revoked_code_used":
    case "code_outside_window":
      return `${kind}:${event.accessCodeId}`;
    case "unknown_keypad_code":
      return `${kind}:${event.lockId}:${event.providerCodeId ?? `slot${event.slot ?? "?"}`}`;
    default:
      return `${kind}:${event.lockId}`;
  }
}

const TITLES: Record<DoorAlertKind, (lock: string) => string> = {
  revoked_code_used: (lock) => `A removed code opened ${lock}`,
  code_outside_window: (lock) => `A code opened ${lock} outside its dates`,
  unknown_keypad_code: (lock) => `A code staykey did not set opened ${lock}`,
  keypad_brute_force: (lock) => `Repeated wrong codes at ${lock}`,
  lock_tampered: (lock) => `${lock} reported tampering`,
};

const DETAILS: Record<DoorAlertKind, string> = {
  revoked_code_used: "The lock still accepts a code staykey removed. Check the lock's code list in its app and remove it there.",
  code_outside_window: "A guest or cleaner code opened the door before or after its dates. The access log shows whose.",
  unknown_keypad_code: "Someone used a code set outside staykey (in the lock's app or on the lock). Remove it if you do not know it.",
  keypad_brute_force: "Several wrong codes were entered in a few minutes. Someone may be guessing codes.",
  lock_tampered: "The lock reported that it was tampered with. Check the door.",
};

/**
 * Judges one stored door event for the security record: a revoked code that still opens the door and tampering are
 * critical, as are repeated wrong codes at the keypad; a code used outside its window and an unknown keypad code are
 * warnings. Deduped like every alert (one open per key); a repeat refreshes it, and the sweep resolves it after a
 * quiet day (`resolveQuietDoorAlerts`). Never names a PIN.
 */
export async function judgeDoorEvent(deps: ServiceDeps, lockEventId: string): Promise<DoorAlertKind | null> {
  const event = deps.db.select().from(lockEvents).where(eq(lockEvents.id, lockEventId)).get();
  if (!event) return null;
  const code = event.accessCodeId ? deps.db.select().from(accessCodes).where(eq(accessCodes.id, event.accessCodeId)).get() ?? null : null;
  let kind = securityConcern(event, code);
  if (!kind && event.kind === "access_denied") {
    const since = new Date(event.occurredAt.getTime() - BRUTE_FORCE_WINDOW_MS);
    const denied = deps.db.select({ id: lockEvents.id }).from(lockEvents)
      .where(and(eq(lockEvents.lockId, event.lockId), eq(lockEvents.kind, "access_denied"), gte(lockEvents.occurredAt, since), lte(lockEvents.occurredAt, event.occurredAt))).all().length;
    if (isBruteForce(denied)) kind = "keypad_brute_force";
  }
  if (!kind) return null;
  const lock = deps.db.select({ name: locks.name }).from(locks).where(eq(locks.id, event.lockId)).get();
  const property = deps.db.select().from(properties).where(eq(properties.id, event.propertyId)).get();
  const when = property ? ` (${localTimeOfDay(event.occurredAt, property.timezone, property.locale)} at ${property.name})` : "";
  const transition = raiseAlert(deps.db, deps.clock, {
    accountId: event.accountId,
    kind,
    severity: DOOR_ALERT_SEVERITY[kind],
    subjectType: event.accessCodeId && (kind === "revoked_code_used" || kind === "code_outside_window") ? "access_code" : "lock",
    subjectId: event.accessCodeId && (kind === "revoked_code_used" || kind === "code_outside_window") ? event.accessCodeId : event.lockId,
    dedupeKey: doorAlertKey(kind, event),
    title: `${TITLES[kind](lock?.name ?? "a lock")}${when}`,
    detail: DETAILS[kind],
  });
  await notifyAlertChanges(deps, [transition]);
  return kind;
}

/**
 * The sweep's half: a door security alert that has not been raised again for a quiet day is over (the guessing
 * stopped, the unknown code was not used again). Its notice says so.
 */
export async function resolveQuietDoorAlerts(deps: ServiceDeps): Promise<number> {
  const quietSince = new Date(deps.clock.now().getTime() - SECURITY_QUIET_MS);
  const quiet = deps.db.select({ accountId: alerts.accountId, dedupeKey: alerts.dedupeKey }).from(alerts)
    .where(and(eq(alerts.status, "open"), inArray(alerts.kind, [...DOOR_SECURITY_KINDS]), lte(alerts.updatedAt, quietSince))).all();
  const transitions: Array<AlertTransition | null> = deps.db.transaction(() => quiet.map((a) => resolveAlert(deps.db, deps.clock, a.accountId, a.dedupeKey)));
  await notifyAlertChanges(deps, transitions);
  return quiet.length;
}
