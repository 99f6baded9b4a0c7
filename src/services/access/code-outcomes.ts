import { eq } from "drizzle-orm";
import { properties, stays } from "../../db/schema";
import { guestCodeWindow } from "../../domain/access";
import { jobDefinitions, type JobName } from "../../jobs/definitions";
import { PermanentJobError, errorMessage } from "../../jobs/errors";
import type { JobContext } from "../../jobs/port";
import { isProviderError } from "../../providers/locks";
import type { LockRow, ServiceDeps } from "../deps";
import { raiseCodeAlert } from "./alerts";
import { assignBackupCode } from "./backup-codes";
import { updateCode, type CodeRow } from "./code-records";
import { FollowUps } from "./follow-ups";

/** Read back as set on the lock: the only way into `active` (DESIGN invariant 1). */
export async function activateCode(deps: ServiceDeps, code: CodeRow): Promise<boolean> {
  const follow = new FollowUps();
  const version = updateCode(deps.db, deps.clock, code, { state: "active", confirmedAt: deps.clock.now(), lastError: null });
  if (version === null) return false;
  follow.revoke({ id: code.id, version }, code.validTo);
  if (code.purpose === "guest" && code.stayId) follow.hook("guestCodeReady", code.stayId);
  if (code.purpose === "cleaner" && code.turnoverId) follow.hook("turnoverChanged", code.turnoverId);
  await follow.run(deps);
  return true;
}

/** The code vanished from the lock (or its slot was overwritten): put it back with the same PIN. */
export async function replanCode(deps: ServiceDeps, code: CodeRow): Promise<void> {
  const now = deps.clock.now();
  const version = updateCode(deps.db, deps.clock, code, { state: "planned", providerCodeId: null, programAt: now, confirmedAt: null }, { bump: true });
  if (version !== null) await new FollowUps().program({ id: code.id, version }, now).run(deps);
}

/** A guest whose own code is not on the lock by the time the window opens gets a spare. */
export async function backupIfDue(deps: ServiceDeps, code: CodeRow, lock: LockRow, force = false): Promise<void> {
  if (code.purpose !== "guest" || !code.stayId) return;
  if (!force && deps.clock.now().getTime() < code.validFrom.getTime()) return;
  const row = deps.db.select({ stay: stays, property: properties }).from(stays).innerJoin(properties, eq(properties.id, stays.propertyId))
    .where(eq(stays.id, code.stayId)).get();
  if (!row || row.stay.status !== "confirmed") return;
  await assignBackupCode(deps, row.stay, lock, guestCodeWindow(row.stay, row.property));
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
    dedupeKey: kind === "slots_exhausted" ? `slots_exhausted:${lock.id}` : `code_failed:${code.id}`,
    title: kind === "slots_exhausted" ? `${lock.name} has no free code slot` : `A ${code.purpose} code could not be set on ${lock.name}`,
    detail: reason,
  });
}

const lastAttempt = (name: JobName, ctx: JobContext) => ctx.attempt >= jobDefinitions[name].attempts;

/**
 * One mapping of provider failures for every code job: retryable → rethrown so the engine backs off and retries
 * (with a spare for the guest once the window has opened, and failure on the last try); anything else → failed
 * code and a `PermanentJobError`.
 */
export async function providerFailure(deps: ServiceDeps, name: JobName, ctx: JobContext, code: CodeRow, lock: LockRow, err: unknown): Promise<never> {
  const reason = isProviderError(err) ? `${err.kind}: ${err.message}` : errorMessage(err);
  const retryable = !isProviderError(err) || err.retryable;
  if (retryable && !lastAttempt(name, ctx)) {
    updateCode(deps.db, deps.clock, code, { attempts: code.attempts + 1, lastError: reason });
    await backupIfDue(deps, code, lock);
    throw err;
  }
  if (name !== "access-codes.revoke-code") {
    await failCode(deps, code, lock, reason, isProviderError(err) && err.kind === "slots_exhausted" ? "slots_exhausted" : "code_failed");
  } else {
    await raiseCodeAlert(deps, lock, {
      kind: "code_failed", severity: "critical", subjectType: "access_code", subjectId: code.id, dedupeKey: `code_not_removed:${code.id}`,
      title: `A code could not be removed from ${lock.name}`, detail: `${reason}. Remove it on the lock or in the vendor's app.`,
    });
  }
  throw new PermanentJobError(`${name} ${code.id}: ${reason}`, { cause: err });
}

export { lastAttempt };
