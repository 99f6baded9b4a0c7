import { and, eq, isNull, ne, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { accessCodes, alerts, properties, stays, turnovers } from "../../db/schema";
import { guestCodeWindow } from "../../domain/access";
import { hasOpenAlerts, resolveAlert } from "../alerts/alert-store";
import { notifyAlertChanges } from "../alerts/notify-alert-change";
import type { LockRow, ServiceDeps } from "../deps";
import { codeAlertKeys } from "./alerts";
import type { CodeRow } from "./code-records";
import { codesWithoutSlot } from "./slot-plan";

type CodeRef = Pick<CodeRow, "id" | "accountId" | "lockId" | "purpose" | "stayId" | "turnoverId" | "contactId" | "assignedStayId">;

// Every plan and every confirmed code asks whether it ends an alert; most accounts have none open.
const nothingOpen = (db: Db, accountId: string) => !hasOpenAlerts(db, accountId);

/** Resolves whichever of these keys has an open alert (one indexed lookup each) and asks for the all-clear notices. */
export async function resolveAlertKeys(deps: ServiceDeps, accountId: string, keys: string[]): Promise<void> {
  if (keys.length === 0 || nothingOpen(deps.db, accountId)) return;
  await notifyAlertChanges(deps, keys.map((key) => resolveAlert(deps.db, deps.clock, accountId, key)));
}

/** Earlier codes of the same holder on the same lock that failed: a guest's, a cleaner's for the turnover, or the lock's unassigned spares. */
function failedCodesOfHolder(db: Db, code: CodeRef): string[] {
  const holder = code.purpose === "guest" && code.stayId ? eq(accessCodes.stayId, code.stayId)
    : code.purpose === "cleaner" && code.turnoverId ? and(eq(accessCodes.turnoverId, code.turnoverId), code.contactId ? eq(accessCodes.contactId, code.contactId) : isNull(accessCodes.contactId))
      : code.purpose === "backup" && !code.assignedStayId ? isNull(accessCodes.assignedStayId) : undefined;
  if (!holder) return [];
  return db.select({ id: accessCodes.id }).from(accessCodes)
    .where(and(holder, eq(accessCodes.lockId, code.lockId), eq(accessCodes.purpose, code.purpose), eq(accessCodes.state, "failed"), ne(accessCodes.id, code.id)))
    .all().map((c) => c.id);
}

/**
 * The code is confirmed on its lock, so its holder has a working code there: whatever said otherwise is over (no
 * spare for the stay, no PIN planned, the holder's earlier codes that failed, dates not pushed). A spare handed to a
 * stay ends that stay's "no working code", not the failure of the stay's own code.
 */
export async function resolveWorkingCodeAlerts(deps: ServiceDeps, code: CodeRef): Promise<void> {
  if (nothingOpen(deps.db, code.accountId)) return;
  const keys = [codeAlertKeys.window(code.id), ...failedCodesOfHolder(deps.db, code).map(codeAlertKeys.failed)];
  const stayId = code.purpose === "guest" ? code.stayId : code.assignedStayId;
  if (stayId) keys.push(codeAlertKeys.backupMissing(stayId, code.lockId), codeAlertKeys.plan(stayId, code.lockId));
  await resolveAlertKeys(deps, code.accountId, keys);
}

/** The code is gone from the lock (removal read back): nothing about it is trouble any more. */
export async function resolveRemovedCodeAlerts(deps: ServiceDeps, code: Pick<CodeRow, "id" | "accountId">): Promise<void> {
  await resolveAlertKeys(deps, code.accountId, [codeAlertKeys.notRemoved(code.id), codeAlertKeys.window(code.id), codeAlertKeys.failed(code.id)]);
}

/** The lock was read and holds none of the foreign codes it was reported for, except `stillThere`: those reports are over. */
export async function resolveUnknownCodesGone(deps: ServiceDeps, lock: Pick<LockRow, "id" | "accountId">, stillThere: string[]): Promise<void> {
  const current = new Set(stillThere.map((id) => codeAlertKeys.unknownCode(lock.id, id)));
  const reported = openAlerts(deps.db, lock.accountId).filter((a) => a.subjectType === "lock" && a.subjectId === lock.id && a.dedupeKey.startsWith("unknown_code:"));
  await resolveAlertKeys(deps, lock.accountId, reported.map((a) => a.dedupeKey).filter((key) => !current.has(key)));
}

/** The stay needs no code any more (cancelled, an echo, or over): its code alerts on every lock are over. */
export async function resolveStayCodeAlerts(deps: ServiceDeps, stay: { id: string; accountId: string }, lockIds: string[]): Promise<void> {
  if (nothingOpen(deps.db, stay.accountId)) return;
  const failed = deps.db.select({ id: accessCodes.id }).from(accessCodes)
    .where(and(eq(accessCodes.stayId, stay.id), eq(accessCodes.purpose, "guest"), eq(accessCodes.state, "failed"))).all();
  const keys = lockIds.flatMap((lockId) => [codeAlertKeys.backupMissing(stay.id, lockId), codeAlertKeys.plan(stay.id, lockId)]);
  await resolveAlertKeys(deps, stay.accountId, [...keys, ...failed.map((c) => codeAlertKeys.failed(c.id))]);
}

/**
 * The lock-health job's pass (every 30 minutes) over the lock's open code alerts whose trouble ended with time rather
 * than with an event: a failed code whose window is over or whose stay or turnover was cancelled, a stay without a
 * code that has left or was cancelled, a slot shortage the planner no longer sees.
 */
export async function resolveLapsedCodeAlerts(deps: ServiceDeps, lock: LockRow): Promise<void> {
  const now = deps.clock.now().getTime();
  const lapsed: string[] = [];
  for (const alert of openAlerts(deps.db, lock.accountId)) {
    const [prefix, , lockId] = alert.dedupeKey.split(":");
    if ((prefix === "code_failed" || prefix === "code_window") && alert.subjectType === "access_code") {
      if (codeLapsed(deps.db, alert.subjectId, lock.id, now)) lapsed.push(alert.dedupeKey);
    } else if ((prefix === "backup_missing" || prefix === "code_plan") && lockId === lock.id) {
      if (stayLapsed(deps.db, alert.subjectId, now)) lapsed.push(alert.dedupeKey);
    } else if (alert.dedupeKey === codeAlertKeys.slotsExhausted(lock.id) && !lock.nativeSchedules) {
      if (codesWithoutSlot(deps.db, lock, new Date(now)).length === 0) lapsed.push(alert.dedupeKey);
    }
  }
  await resolveAlertKeys(deps, lock.accountId, lapsed);
}

/** `status = 'open'` as a literal, so SQLite reads the partial index of open alerts rather than the account's history. */
const openAlerts = (db: Db, accountId: string) =>
  db.select({ dedupeKey: alerts.dedupeKey, subjectType: alerts.subjectType, subjectId: alerts.subjectId }).from(alerts)
    .where(and(eq(alerts.accountId, accountId), sql`${alerts.status} = 'open'`)).all();

function codeLapsed(db: Db, codeId: string, lockId: string, now: number): boolean {
  const row = db.select({ code: accessCodes, stayStatus: stays.status, turnoverStatus: turnovers.status }).from(accessCodes)
    .leftJoin(stays, eq(stays.id, accessCodes.stayId)).leftJoin(turnovers, eq(turnovers.id, accessCodes.turnoverId))
    .where(eq(accessCodes.id, codeId)).get();
  if (!row) return true;
  if (row.code.lockId !== lockId) return false;
  return row.code.validTo.getTime() <= now || row.stayStatus === "cancelled" || row.turnoverStatus === "cancelled"
    || row.code.state === "revoked" || row.code.state === "cancelled";
}

function stayLapsed(db: Db, stayId: string, now: number): boolean {
  const row = db.select({ stay: stays, property: properties }).from(stays).innerJoin(properties, eq(properties.id, stays.propertyId))
    .where(eq(stays.id, stayId)).get();
  return !row || row.stay.status !== "confirmed" || guestCodeWindow(row.stay, row.property).to.getTime() <= now;
}
