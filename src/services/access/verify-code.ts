import type { JobContext } from "../../jobs/port";
import { skipIfStale } from "../../jobs/stale-guard";
import { isProviderError, type ProviderCode } from "../../providers/locks";
import type { ServiceDeps } from "../deps";
import { applyReadBack, backupIfDue, giveUpOrRetryLater, lastAttempt, providerFailure, replanCode } from "./code-outcomes";
import { loadCode, updateCode } from "./code-records";

const JOB = "access-codes.verify-code" as const;

/** Thrown while the lock has not confirmed yet: an ordinary error, so the engine polls again with backoff. */
export class NotConfirmedYet extends Error {
  constructor(codeId: string) {
    super(`code ${codeId} is not confirmed by the lock yet`);
  }
}

/**
 * Polls the lock until it confirms a code it was given. "Active" is only ever what the lock reports (DESIGN
 * invariant 1); a lock that has not confirmed by the last attempt is polled again in a later round while check-in
 * is far off, and fails the code (which hands the guest a spare) once the property's backup margin has come.
 */
export async function verifyCode(deps: ServiceDeps, codeId: string, ctx: JobContext): Promise<void> {
  const loaded = loadCode(deps.db, codeId);
  if (skipIfStale(JOB, ctx, loaded?.code, deps.logger, { stillWanted: (c) => c.state === "programming" }) || !loaded) return;
  const { code, lock } = loaded;
  let onLock: ProviderCode;
  try {
    onLock = await deps.lockProvider(lock).getCode(lock.providerDeviceId, code.providerCodeId!);
  } catch (e) {
    if (isProviderError(e) && e.kind === "not_found") return replanCode(deps, code);
    return providerFailure(deps, JOB, ctx, code, lock, e);
  }
  if ((await applyReadBack(deps, code, lock, onLock)) === "settled") return;
  if (lastAttempt(JOB, ctx)) {
    await giveUpOrRetryLater(deps, code, lock, `the lock never confirmed the code (it reports ${onLock.status})`);
    return;
  }
  updateCode(deps.db, deps.clock, code, { lastError: `lock reports ${onLock.status}` });
  await backupIfDue(deps, code, lock);
  throw new NotConfirmedYet(code.id);
}
