import { and, eq } from "drizzle-orm";
import { locks, providerConnections } from "../../db/schema";
import { isProviderError } from "../../providers/locks/provider-error";
import type { LockRow, ServiceDeps } from "../deps";
import { ServiceError } from "../errors";
import { findConnection } from "../lookups";
import { getConnection, noteConnectionAnswered, type ConnectionSummary } from "./connections";

export interface ConnectionDevice {
  deviceId: string;
  name: string;
  /** Maker and model, when the vendor says. */
  model: string | null;
  /** The Z-Wave node, for Home Assistant's Z-Wave JS locks and Z-Wave JS itself. */
  zwaveNodeId: number | null;
  online: boolean;
  /** Percent 0..100, when the vendor reports it. */
  batteryLevel: number | null;
  /** The account's lock already made from this device, if any. */
  lockId: string | null;
}

/**
 * The locks a connection's vendor account holds (Seam: `/locks/list`; Home Assistant: its Z-Wave JS `lock.*` entities
 * with their node; Z-Wave JS: the nodes with User Code CC), each
 * with whether it is already one of the account's locks, so the host can pick which to add. Each call records the
 * connection's health: when the vendor last answered, or its last error (never the credential).
 */
export async function listConnectionDevices(deps: ServiceDeps, accountId: string, connectionId: string): Promise<ConnectionDevice[]> {
  const connection = findConnection(deps.db, accountId, connectionId);
  // The adapter is resolved as for a lock on this connection, so its credentials are opened in one place only.
  const probe = { id: connection.id, accountId, provider: connection.provider, connectionId: connection.id, providerDeviceId: "", name: connection.name, slotCapacity: null, supportedCodeLengths: null } as unknown as LockRow;
  const now = deps.clock.now();
  let devices;
  try {
    const provider = deps.lockProvider(probe);
    if (!provider.discoverLocks) throw new ServiceError("invalid", `listing the locks of a ${connection.provider} connection is not available; add its locks by id`);
    devices = await provider.discoverLocks();
  } catch (err) {
    if (!isProviderError(err)) throw err;
    deps.db.update(providerConnections).set({ lastErrorAt: now, lastError: err.message.slice(0, 300) }).where(eq(providerConnections.id, connection.id)).run();
    throw new ServiceError("unavailable", `the ${connection.provider} account did not answer: ${err.message}`);
  }
  noteConnectionAnswered(deps, connection.id);
  const existing = deps.db.select({ id: locks.id, deviceId: locks.providerDeviceId }).from(locks).where(and(eq(locks.accountId, accountId), eq(locks.connectionId, connection.id))).all();
  return devices.map((d) => ({
    deviceId: d.deviceId, name: d.name, model: d.model ?? null, zwaveNodeId: d.zwaveNodeId ?? null, online: d.online,
    batteryLevel: d.batteryLevel === undefined ? null : Math.round(d.batteryLevel * 100),
    lockId: existing.find((l) => l.deviceId === d.deviceId)?.id ?? null,
  }));
}

/** Asks the vendor again (the device list is the cheapest call every kind answers) and returns the health it left. */
export async function recheckConnection(deps: ServiceDeps, accountId: string, connectionId: string): Promise<ConnectionSummary> {
  try {
    await listConnectionDevices(deps, accountId, connectionId);
  } catch (err) {
    // The failure is recorded on the connection, which is what the caller shows.
    if (!(err instanceof ServiceError && err.kind === "unavailable")) throw err;
  }
  return getConnection(deps, accountId, connectionId);
}
