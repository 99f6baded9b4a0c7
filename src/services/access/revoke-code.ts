import type { JobContext } from "../../jobs/port";
import { skipIfStale } from "../../jobs/stale-guard";
import { isProviderError, type LockProvider } from "../../providers/locks";
import type { LockRow, ServiceDeps } from "../deps";
import { lastAttempt, providerFailure } from "./code-outcomes";
import { loadCode, openPin, updateCode, type CodeRow } from "./code-records";
import { codeAlertKeys, raiseCodeAlert } from "./alerts";
import { resolveRemovedCodeAlerts } from "./resolve-code-alerts";

const JOB = "access-codes.revoke-code" as const;

export class RemovalNotConfirmed extends Error {
  constructor(codeId: string) {
    super(`code ${codeId} is still on the lock`);
  }
}

/**
 * Removes a code from its lock and reads the lock back: `revoked` only once the code is gone (DESIGN invariant 4).
 * Re-running it deletes nothing new (deleteCode is idempotent) and a revoked code is left alone.
 */
export async function revokeCode(deps: ServiceDeps, codeId: string, ctx: JobContext): Promise<void> {
  const loaded = loadCode(deps.db, codeId);
  const wanted = (c: CodeRow) => c.state === "revoking" || c.state === "programming" || (c.state === "active" && c.validTo.getTime() <= deps.clock.now().getTime());
  if (skipIfStale(JOB, ctx, loaded?.code, deps.logger, { stillWanted: wanted }) || !loaded) return;
  let { code } = loaded;
  const { lock } = loaded;
  if (code.state !== "revoking") {
    if (updateCode(deps.db, deps.clock, code, { state: "revoking" }) === null) return;
    code = { ...code, state: "revoking" };
  }
  if (code.providerCodeId) {
    try {
      if (!(await removeFromLock(deps, lock, code))) {
        if (lastAttempt(JOB, ctx)) await stillOnLockAlert(deps, lock, code);
        throw new RemovalNotConfirmed(code.id);
      }
    } catch (e) {
      if (!isProviderError(e)) throw e;
      return providerFailure(deps, JOB, ctx, code, lock, e);
    }
  }
  if (updateCode(deps.db, deps.clock, code, { state: "revoked", revokedAt: deps.clock.now(), lastError: null }) !== null) {
    await deps.events.emit({ type: "code.settled", codeId: code.id });
    await resolveRemovedCodeAlerts(deps, code);
  }
}

/**
 * Deletes a code from its lock and reads the lock back: true once it is gone. Provider errors are thrown (the lock
 * cannot be reached, the vendor refused). Idempotent, like deleteCode.
 */
export async function removeFromLock(deps: ServiceDeps, lock: LockRow, code: CodeRow): Promise<boolean> {
  if (!code.providerCodeId) return true; // the vendor never gave it an id: nothing of it is on the lock
  const provider = deps.lockProvider(lock);
  await provider.deleteCode(lock.providerDeviceId, code.providerCodeId);
  return isGone(deps, provider, lock, code);
}

/** Gone means the lock no longer reports the code, or its slot now holds a different PIN. */
async function isGone(deps: ServiceDeps, provider: LockProvider, lock: LockRow, code: CodeRow): Promise<boolean> {
  try {
    const onLock = await provider.getCode(lock.providerDeviceId, code.providerCodeId!);
    return onLock.pin !== undefined && onLock.pin !== openPin(deps.box, code);
  } catch (e) {
    if (isProviderError(e) && e.kind === "not_found") return true;
    throw e;
  }
}

async function stillOnLockAlert(deps: ServiceDeps, lock: LockRow, code: CodeRow): Promise<void> {
  await raiseCodeAlert(deps, lock, {
    kind: "code_failed", severity: "critical", subjectType: "access_code", subjectId: code.id, dedupeKey: codeAlertKeys.notRemoved(code.id),
    title: `A code is still on ${lock.name} after its end`, detail: "staykey keeps trying; remove it on the lock or in the vendor's app if it stays.",
  });
}
