import { sameWindow } from "../../domain/access";
import { PermanentJobError } from "../../jobs/errors";
import type { JobContext } from "../../jobs/port";
import { skipIfStale } from "../../jobs/stale-guard";
import { ProviderError, isProviderError, type LockProvider, type ProviderCode } from "../../providers/locks";
import type { LockRow, ServiceDeps } from "../deps";
import { choosePin } from "./choose-pin";
import { isOwnCodeName } from "../../domain/access/code-name";
import { codePinAd, loadCode, openPin, updateCode, type CodeRow } from "./code-records";
import { codeNameOnLock } from "./code-name-on-lock";
import { codeAlertKeys, raiseCodeAlert } from "./alerts";
import { applyReadBack, failCode, lastAttempt, providerFailure, replanCode } from "./code-outcomes";
import { FollowUps } from "./code-follow-ups";
import { resolveWorkingCodeAlerts } from "./resolve-code-alerts";
import { slotFor } from "./slot-plan";

const JOB = "access-codes.program-code" as const;
/** Vendors confirm with the device within seconds to minutes; the first poll waits a little, the engine backs off after. */
const FIRST_VERIFY_DELAY_MS = 5_000;

/**
 * Puts a planned code on its lock, or, for a code already there, brings the lock in line with the record (a moved
 * window). Safe to run twice: a code with a provider id is never created again (DESIGN invariant 6).
 */
export async function programCode(deps: ServiceDeps, codeId: string, ctx: JobContext): Promise<void> {
  const loaded = loadCode(deps.db, codeId);
  const live = (c: CodeRow) => c.state === "planned" || c.state === "programming" || c.state === "active";
  if (skipIfStale(JOB, ctx, loaded?.code, deps.logger, { stillWanted: live }) || !loaded) return;
  const { code, lock } = loaded;
  const provider = deps.lockProvider(lock);
  if (code.state === "planned") return placeCode(deps, ctx, code, lock, provider);
  if (code.state === "active" && lock.nativeSchedules) return syncWindow(deps, ctx, code, lock, provider);
  if (code.state === "programming") return readBack(deps, code, lock, provider);
}

async function placeCode(deps: ServiceDeps, ctx: JobContext, code: CodeRow, lock: LockRow, provider: LockProvider): Promise<void> {
  const now = deps.clock.now();
  if (code.validTo.getTime() <= now.getTime()) {
    updateCode(deps.db, deps.clock, code, { state: "cancelled", lastError: "window ended before the code could be set" });
    return;
  }
  const pin = openPin(deps.box, code);
  let slot: number | undefined;
  let created: ProviderCode;
  try {
    if (!lock.nativeSchedules) {
      slot = await slotFor(deps.db, deps.box, provider, lock, code.id, now);
      if (slot === undefined) {
        return failCode(deps, code, lock, "every code slot on the lock is held by an overlapping stay", "slots_exhausted");
      }
    }
    const name = codeNameOnLock(deps.db, code, lock);
    const input = {
      ...(lock.nativeSchedules ? { name, pin, startsAt: code.validFrom, endsAt: code.validTo } : { name, pin, slot: slot! }),
      ...(code.oneTimeUse ? { oneTimeUse: true } : {}),
    };
    created = await createOrAdopt(provider, lock, code, input);
  } catch (e) {
    if (isProviderError(e) && e.kind === "duplicate_code") return repin(deps, code, lock, pin, e);
    return providerFailure(deps, JOB, ctx, code, lock, e);
  }
  const programming = { ...code, state: "programming" as const, providerCodeId: created.codeId, slot: created.slot ?? slot ?? null };
  const version = updateCode(deps.db, deps.clock, code, {
    state: "programming", providerCodeId: created.codeId, slot: programming.slot, attempts: code.attempts + 1, lastError: null,
  });
  if (version === null) return settleChangedWhileSetting(deps, code, lock, provider, created);
  await readBack(deps, programming, lock, provider);
}

/**
 * The record changed while the lock was being written. When it is gone (its account, lock or stay deleted meanwhile)
 * or no longer wanted (cancelled, being revoked), the code just created is taken off the lock at once: nothing else
 * would, since no row names it and a deleted lock has no reconcile. A live record that merely changed (a moved
 * window, a new PIN) is left to the lock reconcile, which compares the lock with the records.
 */
async function settleChangedWhileSetting(deps: ServiceDeps, code: CodeRow, lock: LockRow, provider: LockProvider, created: ProviderCode): Promise<void> {
  const now = loadCode(deps.db, code.id)?.code;
  if (now && (now.state === "planned" || now.state === "programming" || now.state === "active")) {
    deps.logger.warn({ codeId: code.id }, "code changed while it was being set; the lock reconcile will settle it");
    return;
  }
  try {
    await provider.deleteCode(lock.providerDeviceId, created.codeId);
    deps.logger.info({ codeId: code.id, lockId: lock.id, state: now?.state ?? "deleted" }, "code removed from the lock: its record went away while it was being set");
  } catch (e) {
    if (isProviderError(e) && e.kind === "not_found") return;
    deps.logger.error({ codeId: code.id, lockId: lock.id, err: (e as Error).message }, "a code set while its record went away could not be removed from the lock");
    throw e;
  }
}

type CreateInput = Parameters<LockProvider["createCode"]>[1];

/**
 * A create that landed but whose answer was lost (a timeout, a job run twice) comes back as a duplicate naming the
 * code that holds the PIN: when that is our own earlier create, it is adopted. Anyone else's code is left alone, and
 * the duplicate goes on to `repin`.
 */
async function createOrAdopt(provider: LockProvider, lock: LockRow, code: CodeRow, input: CreateInput): Promise<ProviderCode> {
  try {
    return await provider.createCode(lock.providerDeviceId, input);
  } catch (e) {
    if (!isProviderError(e) || e.kind !== "duplicate_code" || !e.existingCodeId) throw e;
    const existing = await provider.getCode(lock.providerDeviceId, e.existingCodeId);
    if (isOwnEarlierCreate(existing, code, input)) return existing;
    throw e;
  }
}

/**
 * Ours when its name carries this code's id or token (locks that keep names) or it sits in the very slot we asked for (slot
 * locks keep no names), over the window we asked for: an earlier create with other dates is not the code we want.
 */
function isOwnEarlierCreate(existing: ProviderCode, code: CodeRow, input: CreateInput): boolean {
  const named = isOwnCodeName(existing.name, code.id);
  const sameSlot = input.slot !== undefined && existing.slot === input.slot;
  const sameWindow = input.startsAt === undefined || (existing.startsAt?.getTime() === input.startsAt.getTime() && existing.endsAt?.getTime() === input.endsAt?.getTime());
  return (named || sameSlot) && sameWindow;
}

/**
 * The lock already holds this PIN under a code staykey does not know (the owner's own code, say). Nobody has been
 * given this PIN yet, so a new one is drawn and the engine retries; this is not a silent change of a sent PIN.
 */
async function repin(deps: ServiceDeps, code: CodeRow, lock: LockRow, oldPin: string, err: ProviderError): Promise<never> {
  let next = choosePin(deps.db, deps.box, { lock, window: { from: code.validFrom, to: code.validTo }, length: code.pinLength, excludeCodeId: code.id });
  for (let i = 0; next.pin === oldPin && i < 10; i++) {
    next = choosePin(deps.db, deps.box, { lock, window: { from: code.validFrom, to: code.validTo }, length: code.pinLength, excludeCodeId: code.id });
  }
  updateCode(deps.db, deps.clock, code, {
    pinEnc: deps.box.encrypt(next.pin, codePinAd(code.id)), pinHash: next.pinHash, pinPrefixHash: next.pinPrefixHash, pinLength: next.pinLength,
    lastError: "PIN already on the lock under another code; drew a new one",
  });
  throw new ProviderError({ kind: "transient", provider: err.provider, action: err.action, message: "PIN clashed with a code on the lock; retrying with a new PIN" });
}

/** One read of the lock after writing: `set` → active, `failed` → failed, otherwise the verify job keeps polling. */
export async function readBack(deps: ServiceDeps, code: CodeRow, lock: LockRow, provider: LockProvider): Promise<void> {
  let onLock: ProviderCode;
  try {
    onLock = await provider.getCode(lock.providerDeviceId, code.providerCodeId!);
  } catch (e) {
    if (isProviderError(e) && e.kind === "not_found") return replanCode(deps, code);
    onLock = { codeId: code.providerCodeId!, name: "", status: "unknown" };
  }
  if ((await applyReadBack(deps, code, lock, onLock)) === "settled") return;
  await new FollowUps().verify(code, new Date(deps.clock.now().getTime() + FIRST_VERIFY_DELAY_MS)).run(deps);
}

/** The record's window moved (same PIN): push it to a native-schedule lock and tell delivery once it is there. */
async function syncWindow(deps: ServiceDeps, ctx: JobContext, code: CodeRow, lock: LockRow, provider: LockProvider): Promise<void> {
  const want = { from: code.validFrom, to: code.validTo };
  try {
    const onLock = await provider.getCode(lock.providerDeviceId, code.providerCodeId!);
    if (onLock.startsAt && onLock.endsAt && sameWindow({ from: onLock.startsAt, to: onLock.endsAt }, want)) return resolveWorkingCodeAlerts(deps, code);
    await provider.updateCode(lock.providerDeviceId, code.providerCodeId!, { startsAt: want.from, endsAt: want.to });
  } catch (e) {
    if (isProviderError(e) && e.kind === "not_found") return replanCode(deps, code);
    if (!isProviderError(e) || (e.retryable && !lastAttempt(JOB, ctx))) throw e;
    // The PIN still works in its old window on the lock: alert the host rather than failing a code the guest has.
    await raiseCodeAlert(deps, lock, {
      kind: "code_failed", severity: "warning", subjectType: "access_code", subjectId: code.id, dedupeKey: codeAlertKeys.window(code.id),
      title: `A code's new dates could not be set on ${lock.name}`, detail: `${e.kind}: ${e.message}`,
    });
    throw new PermanentJobError(`${JOB} ${code.id}: ${e.message}`, { cause: e });
  }
  const follow = new FollowUps();
  if (code.purpose === "guest" && code.stayId) follow.emit({ type: "guest-code.moved", stayId: code.stayId });
  if (code.purpose === "cleaner" && code.turnoverId) follow.emit({ type: "turnover.changed", turnoverId: code.turnoverId });
  await follow.run(deps);
  await resolveWorkingCodeAlerts(deps, code);
}
