import { and, eq } from "drizzle-orm";
import { properties, stays } from "../../db/schema";
import { backupDueAt, guestArrival, guestCodeWindow } from "../../domain/access";
import { jobDefinitions, type JobName } from "../../jobs/definitions";
import { PermanentJobError, errorMessage } from "../../jobs/errors";
import type { JobContext } from "../../jobs/port";
import { isProviderError, type ProviderCode } from "../../providers/locks";
import type { LockRow, ServiceDeps } from "../deps";
import { codeAlertKeys, raiseCodeAlert } from "./alerts";
import { assignBackupCode } from "./backup-codes";
import { openPin, updateCode, type CodeRow } from "./code-records";
import { FollowUps } from "./code-follow-ups";
import { resolveWorkingCodeAlerts } from "./resolve-code-alerts";

/** Read back as set on the lock: the only way into `active` (DESIGN invariant 1). */
export async function activateCode(deps: ServiceDeps, code: CodeRow): Promise<boolean> {
  const follow = new FollowUps();
  const version = updateCode(deps.db, deps.clock, code, { state: "active", confirmedAt: deps.clock.now(), lastError: null });
  if (version === null) return false;
  follow.revoke({ id: code.id, version }, code.validTo);
  follow.emit({ type: "code.settled", codeId: code.id });
  if (code.purpose === "guest" && code.stayId) follow.emit({ type: "guest-code.ready", stayId: code.stayId });
  if (code.purpose === "cleaner" && code.turnoverId) follow.emit({ type: "turnover.changed", turnoverId: code.turnoverId });
  if (code.purpose === "grant" && code.grantId) follow.emit({ type: "grant.ready", grantId: code.grantId });
  await follow.run(deps);
  await resolveWorkingCodeAlerts(deps, code);
  return true;
}

/** The code vanished from the lock (or its slot was overwritten): put it back with the same PIN. */
export async function replanCode(deps: ServiceDeps, code: CodeRow): Promise<void> {
  const now = deps.clock.now();
  const version = updateCode(deps.db, deps.clock, code, { state: "planned", providerCodeId: null, programAt: now, confirmedAt: null }, { bump: true });
  if (version !== null) await new FollowUps().program({ id: code.id, version }, now).run(deps);
}

/** Waiting out a vendor far from check-in: the next round of tries starts this long after the last one gave up. */
const QUIET_ROUND_MS = 30 * 60_000;
/** A spare is needed by no one in particular until a guest code fails: a day of outage before the host hears of it. */
const SPARE_PATIENCE_MS = 24 * 3600_000;

/**
 * Until this instant a code that is not on the lock yet is only retried (`backupDueAt`): a guest code by its stay's
 * arrival, a cleaner code by its window's start, a spare a day after it was planned.
 */
function giveUpAt(deps: ServiceDeps, code: CodeRow): Date {
  if (code.purpose === "backup") return new Date(code.validFrom.getTime() + SPARE_PATIENCE_MS);
  const row = deps.db.select({ lead: properties.backupLeadMinutes, stay: stays }).from(properties)
    .leftJoin(stays, and(eq(stays.id, code.stayId ?? ""), eq(stays.propertyId, properties.id)))
    .where(eq(properties.id, code.propertyId)).get();
  const needsDoorAt = code.purpose === "guest" && row?.stay ? guestArrival(row.stay) : code.validFrom;
  return backupDueAt(needsDoorAt, row?.lead ?? 0);
}

/** A guest whose own code is still not on the lock once the property's backup margin before arrival has come gets a spare. */
export async function backupIfDue(deps: ServiceDeps, code: CodeRow, lock: LockRow, force = false): Promise<void> {
  if (code.purpose !== "guest" || !code.stayId) return;
  const row = deps.db.select({ stay: stays, property: properties }).from(stays).innerJoin(properties, eq(properties.id, stays.propertyId))
    .where(eq(stays.id, code.stayId)).get();
  if (!row || row.stay.status !== "confirmed") return;
  if (!force && deps.clock.now().getTime() < backupDueAt(guestArrival(row.stay), row.property.backupLeadMinutes).getTime()) return;
  await assignBackupCode(deps, row.stay, lock, guestCodeWindow(row.stay, row.property));
}

/**
 * A program or verify job's last try found the code still not on the lock. Past the code's deadline it is truly
 * failing (failed, a spare for the guest, the host told); before it the job ends quietly and another round is
 * scheduled (a version bump, so the engine runs it under a new id), no later than the deadline.
 */
export async function giveUpOrRetryLater(deps: ServiceDeps, code: CodeRow, lock: LockRow, reason: string): Promise<"failed" | "later"> {
  const now = deps.clock.now().getTime();
  const deadline = giveUpAt(deps, code).getTime();
  if (now >= deadline) {
    await failCode(deps, code, lock, reason);
    return "failed";
  }
  const at = new Date(Math.min(now + QUIET_ROUND_MS, deadline));
  const planned = code.state === "planned";
  const version = updateCode(deps.db, deps.clock, code, { attempts: code.attempts + 1, lastError: reason, ...(planned ? { programAt: at } : {}) }, { bump: true });
  if (version === null) return "later";
  const follow = new FollowUps();
  if (planned) follow.program({ id: code.id, version }, at);
  else follow.verify({ id: code.id, version }, at);
  await follow.run(deps);
  deps.logger.info({ codeId: code.id, lockId: lock.id, retryAt: at.toISOString() }, "code not on the lock yet and check-in is far off: trying again later");
  return "later";
}

/**
 * The code will not make it onto the lock: failed state, best-effort removal of whatever the vendor half-made, an
 * alert for the host, and a spare for the guest.
 */
export async function failCode(
  deps: ServiceDeps,
  code: CodeRow,
  lock: LockRow,
  reason: string,
  kind: "code_failed" | "slots_exhausted" = "code_failed",
): Promise<void> {
  const version = updateCode(deps.db, deps.clock, code, { state: "failed", lastError: reason, attempts: code.attempts + 1 });
  if (version === null) return;
  await deps.events.emit({ type: "code.settled", codeId: code.id });
  if (code.providerCodeId) {
    await deps.lockProvider(lock).deleteCode(lock.providerDeviceId, code.providerCodeId).catch((e: unknown) => {
      deps.logger.warn({ codeId: code.id, lockId: lock.id, err: errorMessage(e) }, "could not remove a failed code; the lock reconcile will");
    });
  }
  await backupIfDue(deps, code, lock, true);
  await raiseCodeAlert(deps, lock, {
    kind,
    severity: code.purpose === "backup" ? "warning" : "critical",
    subjectType: "access_code",
    subjectId: code.id,
    dedupeKey: kind === "slots_exhausted" ? codeAlertKeys.slotsExhausted(lock.id) : codeAlertKeys.failed(code.id),
    title: kind === "slots_exhausted" ? `${lock.name} has no free code slot` : `A ${code.purpose} code could not be set on ${lock.name}`,
    detail: reason,
  });
}

/**
 * What the lock's own copy of a code means, read the same way after programming and while verifying: another PIN in
 * its place is not our code (plan it again), `set` is the lock's confirmation (active, DESIGN invariant 1) and
 * `failed` its refusal. Anything else is "not yet": answered `pending`, for the caller to poll again.
 */
export async function applyReadBack(deps: ServiceDeps, code: CodeRow, lock: LockRow, onLock: ProviderCode): Promise<"settled" | "pending"> {
  if (onLock.pin !== undefined && onLock.pin !== openPin(deps.box, code)) await replanCode(deps, code);
  else if (onLock.status === "set") await activateCode(deps, code);
  else if (onLock.status === "failed") await failCode(deps, code, lock, `the lock refused the code (${onLock.error ?? "failed"})`);
  else return "pending";
  return "settled";
}

const lastAttempt = (name: JobName, ctx: JobContext) => ctx.attempt >= jobDefinitions[name].attempts;

/**
 * One mapping of provider failures for every code job: retryable → rethrown so the engine backs off and retries (with
 * a spare for the guest once the backup margin before arrival has come); on the last try a code still far from its
 * deadline gets another round later (`giveUpOrRetryLater`), any other fails; anything not retryable → failed code
 * and a `PermanentJobError`.
 */
export async function providerFailure(deps: ServiceDeps, name: JobName, ctx: JobContext, code: CodeRow, lock: LockRow, err: unknown): Promise<void> {
  const reason = isProviderError(err) ? `${err.kind}: ${err.message}` : errorMessage(err);
  const retryable = !isProviderError(err) || err.retryable;
  const removing = name === "access-codes.revoke-code";
  if (retryable && !lastAttempt(name, ctx)) {
    updateCode(deps.db, deps.clock, code, { attempts: code.attempts + 1, lastError: reason });
    if (!removing) await backupIfDue(deps, code, lock);
    throw err;
  }
  if (retryable && !removing) {
    if ((await giveUpOrRetryLater(deps, code, lock, reason)) === "later") return;
  } else if (!removing) {
    await failCode(deps, code, lock, reason, isProviderError(err) && err.kind === "slots_exhausted" ? "slots_exhausted" : "code_failed");
  } else {
    await raiseCodeAlert(deps, lock, {
      kind: "code_failed", severity: "critical", subjectType: "access_code", subjectId: code.id, dedupeKey: codeAlertKeys.notRemoved(code.id),
      title: `A code could not be removed from ${lock.name}`, detail: `${reason}. Remove it on the lock or in the vendor's app.`,
    });
  }
  throw new PermanentJobError(`${name} ${code.id}: ${reason}`, { cause: err });
}

export { lastAttempt };
