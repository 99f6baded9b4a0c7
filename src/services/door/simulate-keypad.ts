import { ProviderError } from "../../providers/locks/provider-error";
import { SimulatedLockProvider } from "../../providers/locks/simulated";
import { newId } from "../../lib/ids";
import { conflict } from "../errors";
import { findLock } from "../lookups";
import type { ServiceDeps } from "../deps";
import { recordDoorEvent, type LockEventRow } from "./record-door-event";

/**
 * Someone types a PIN at a simulated lock's keypad (the demo, the API, the CLI, the dashboard): the lock opens when
 * one of its codes holds that PIN now, and reports it as a real lock would, so the access log, the arrival and the
 * alerts follow exactly as they do for Seam or Home Assistant. A wrong PIN is an `access_denied`. The PIN is never
 * stored or logged. Only simulated locks have a keypad staykey can press.
 */
export async function simulateKeypad(deps: ServiceDeps, accountId: string, lockId: string, pin: string): Promise<{ outcome: "unlocked" | "denied"; event: LockEventRow | null }> {
  const lock = findLock(deps.db, accountId, lockId);
  const provider = lock.provider === "simulated" ? deps.lockProvider(lock) : null;
  if (!(provider instanceof SimulatedLockProvider)) throw conflict("only a simulated lock can be unlocked from staykey with a PIN; a real lock reports its own keypad");
  const result = pressKeypad(provider, lock, pin);
  const { event } = await recordDoorEvent(deps, {
    provider: "simulated",
    providerEventId: newId("door"),
    lockId: lock.id,
    kind: result.opened ? "unlocked" : "access_denied",
    method: "keypad",
    providerCodeId: result.opened ? result.codeId : null,
    occurredAt: deps.clock.now(),
  });
  return { outcome: result.opened ? "unlocked" : "denied", event };
}

/** The simulator's answer; a device it does not hold (a lock row made outside the runtime that adds them) is the caller's conflict, not a server error. */
function pressKeypad(provider: SimulatedLockProvider, lock: { name: string; providerDeviceId: string }, pin: string) {
  try {
    return provider.keypad(lock.providerDeviceId, pin);
  } catch (e) {
    if (e instanceof ProviderError && e.kind === "not_found") throw conflict(`the simulator has no device ${lock.providerDeviceId} for lock "${lock.name}"`);
    throw e;
  }
}
