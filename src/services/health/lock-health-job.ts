import { eq } from "drizzle-orm";
import { locks } from "../../db/schema";
import { reconcileLockCodes } from "../access/reconcile-lock-codes";
import { resolveLapsedCodeAlerts } from "../access/resolve-code-alerts";
import type { LockRow, ServiceDeps } from "../deps";
import { checkLockHealth } from "./check-lock";

/**
 * The `lock-health.check-lock` job (every 30 minutes per lock): battery and connectivity alerts from one device read,
 * the lock's code alerts whose trouble has lapsed resolved, then — only while the lock is online — its PIN rules
 * learned once and its codes compared with what should be on it (missing ones re-created, expired ones removed, codes
 * staykey did not create reported).
 */
export async function runLockHealthJob(deps: ServiceDeps, lockId: string): Promise<void> {
  if ((await checkLockHealth(deps, lockId)) !== "checked") return;
  const lock = deps.db.select().from(locks).where(eq(locks.id, lockId)).get();
  if (!lock) return;
  await resolveLapsedCodeAlerts(deps, lock);
  if (!lock.online) return;
  await learnLockCapabilities(deps, lock);
  await reconcileLockCodes(deps, lockId);
}

/**
 * The lock's own PIN rules (Seam `code_constraints`, supported lengths, slot count), copied onto the row once so the
 * planner generates PINs the lock will accept without asking the vendor on every plan.
 */
async function learnLockCapabilities(deps: ServiceDeps, lock: LockRow): Promise<void> {
  if (lock.constraints !== null && lock.supportedCodeLengths !== null) return;
  const caps = (await deps.lockProvider(lock).getDevice(lock.providerDeviceId)).capabilities;
  deps.db
    .update(locks)
    .set({
      constraints: caps.constraints as Record<string, unknown>,
      supportedCodeLengths: caps.codeLengths,
      nativeSchedules: caps.scheduling === "native",
      slotCapacity: lock.slotCapacity ?? caps.slotCapacity ?? null,
      updatedAt: deps.clock.now(),
    })
    .where(eq(locks.id, lock.id))
    .run();
}
