import { eq } from "drizzle-orm";
import { locks } from "../../db/schema";
import { isProviderError } from "../../providers/locks/provider-error";
import { notifyAlertChanges } from "../alerts/notify-alert-change";
import type { ServiceDeps } from "../deps";
import { applyLockReading, type LockReading } from "./lock-reading";

/**
 * Polls are spaced at least this far apart whatever asks for one: on battery locks each poll can wake the radio,
 * and the reconciler already plans one every 30 minutes. Below 30 so a slightly early scheduled job still runs.
 */
export const MIN_POLL_INTERVAL_MS = 25 * 60_000;

export type CheckLockResult = "checked" | "skipped_recent" | "not_found";

/** The `lock-health.check-lock` processor: one `getDevice`, then the same rules the Seam webhook applies. */
export async function checkLockHealth(deps: ServiceDeps, lockId: string): Promise<CheckLockResult> {
  const lock = deps.db.select().from(locks).where(eq(locks.id, lockId)).get();
  if (!lock) return "not_found";
  const now = deps.clock.now().getTime();
  if (lock.lastHealthAt && now - lock.lastHealthAt.getTime() < MIN_POLL_INTERVAL_MS) return "skipped_recent";

  let reading: LockReading;
  try {
    const device = await deps.lockProvider(lock).getDevice(lock.providerDeviceId);
    reading = { online: device.online, polled: true };
    if (device.batteryLevel !== undefined) reading.batteryLevel = device.batteryLevel;
    if (device.batteryStatus !== undefined) reading.batteryStatus = device.batteryStatus;
    if (device.lastSeenAt) reading.lastSeenAt = device.lastSeenAt;
  } catch (err) {
    // The provider answering "offline" or "no such device" is the reading; anything else is a failed poll to retry.
    if (!isProviderError(err) || (err.kind !== "offline" && err.kind !== "not_found")) throw err;
    reading = { online: false, polled: true };
  }
  const transitions = applyLockReading(deps, lock, reading);
  await notifyAlertChanges(deps, transitions);
  return "checked";
}
