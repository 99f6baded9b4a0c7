import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import { accessCodes, properties } from "../../db/schema";
import { isProviderError } from "../../providers/locks";
import type { CodeWindow } from "../../domain/access";
import type { LockRow, ServiceDeps } from "../deps";
import { accessQueries } from "./access-queries";
import { codeAlertKeys, raiseCodeAlert } from "./alerts";
import { updateCode } from "./code-records";
import { planNewCode, type PlanContext } from "./code-plans";
import { FollowUps } from "./code-follow-ups";
import { resolveWorkingCodeAlerts } from "./resolve-code-alerts";

/** Pre-programmed spares per lock: enough for a bad day, few enough that spare PINs stay rare. */
export const BACKUP_POOL_SIZE = 2;
const DAY = 24 * 3600_000;
/** A spare lives this long on the lock, then is removed like any code; a new one replaces it a week before. */
const BACKUP_LIFETIME_MS = 30 * DAY;
const BACKUP_RENEW_MS = 7 * DAY;

/**
 * Tops up the lock's pool of unassigned spare codes. Only native-schedule locks get spares: on a slot lock a spare
 * would be a code with no schedule (working at any hour) and would take a slot a guest may need.
 */
export function planBackupPool(ctx: PlanContext, lock: LockRow, settings: { codeLength: number }): void {
  if (!lock.nativeSchedules) return;
  const spares = accessQueries(ctx.db).sparesOnLock.get({ lockId: lock.id, validAfter: ctx.now.getTime() + BACKUP_RENEW_MS })?.n ?? 0;
  const window = { from: ctx.now, to: new Date(ctx.now.getTime() + BACKUP_LIFETIME_MS) };
  for (let i = spares; i < BACKUP_POOL_SIZE; i++) {
    planNewCode(ctx, { lock, purpose: "backup", window, length: settings.codeLength, programLeadMinutes: 0 });
  }
}

export type BackupOutcome = "assigned" | "already_assigned" | "none_available";

/**
 * Hands a confirmed spare to a stay whose own code did not make it onto the lock in time. The spare's window is
 * narrowed to the stay's on the lock first (I/O), then recorded; the pool is topped up afterwards.
 */
export async function assignBackupCode(deps: ServiceDeps, stay: { id: string }, lock: LockRow, window: CodeWindow): Promise<BackupOutcome> {
  const { db, clock } = deps;
  const mine = db.select({ id: accessCodes.id }).from(accessCodes)
    .where(and(eq(accessCodes.lockId, lock.id), eq(accessCodes.assignedStayId, stay.id), inArray(accessCodes.state, ["active"]))).get();
  if (mine) return "already_assigned";
  const spares = db.select().from(accessCodes).where(and(
    eq(accessCodes.lockId, lock.id), eq(accessCodes.purpose, "backup"), isNull(accessCodes.assignedStayId), eq(accessCodes.state, "active"),
  )).orderBy(desc(accessCodes.validTo)).all();
  const provider = deps.lockProvider(lock);
  for (const spare of spares) {
    if (!spare.providerCodeId) continue;
    try {
      const onLock = await provider.updateCode(lock.providerDeviceId, spare.providerCodeId, { startsAt: window.from, endsAt: window.to });
      if (onLock.status === "failed") continue;
    } catch (e) {
      if (!isProviderError(e)) throw e;
      deps.logger.warn({ codeId: spare.id, lockId: lock.id, kind: e.kind }, "spare code could not be moved to the stay; trying the next");
      continue;
    }
    const follow = new FollowUps();
    const now = clock.now();
    const assigned = db.transaction(() => {
      const version = updateCode(db, clock, spare, { assignedStayId: stay.id, validFrom: window.from, validTo: window.to }, { bump: true });
      if (version === null) return false;
      follow.revoke({ id: spare.id, version }, window.to).emit({ type: "guest-code.ready", stayId: stay.id });
      const property = db.select({ codeLength: properties.codeLength }).from(properties).where(eq(properties.id, lock.propertyId)).get();
      planBackupPool({ db, box: deps.box, clock, now, follow, problems: [] }, lock, { codeLength: property?.codeLength ?? 6 });
      return true;
    });
    if (!assigned) continue;
    await follow.run(deps);
    await resolveWorkingCodeAlerts(deps, { ...spare, assignedStayId: stay.id });
    return "assigned";
  }
  await raiseCodeAlert(deps, lock, {
    kind: "code_failed",
    severity: "critical",
    subjectType: "stay",
    subjectId: stay.id,
    dedupeKey: codeAlertKeys.backupMissing(stay.id, lock.id),
    title: `No working code for a stay on ${lock.name}`,
    detail: "The stay's code could not be set and no spare code was ready on this lock. Give the guest access another way.",
  });
  return "none_available";
}
