import { and, asc, eq } from "drizzle-orm";
import { locks, properties } from "../../db/schema";
import type { ServiceDeps } from "../deps";
import { invalid } from "../errors";
import { findConnection, findProperty } from "../lookups";
import { listConnectionDevices } from "./connection-devices";
import { createLock, type LockRow } from "./locks";

/** One device a host ticked in a connection's device list, and the property its lock belongs to. */
export interface DevicePick {
  deviceId: string;
  propertyId: string;
  /** Default: the vendor's name for the device. */
  name?: string;
}

/**
 * Adds the devices a host picked from a connection's list as locks, each through createLock (the API's and the form's
 * one rule, so code planning starts for the guests already booked as for any new lock). The list is read again first:
 * a device the connection does not hold, or already added, or a property not the account's, refuses the whole pick
 * before any lock is made, naming the device.
 */
export async function addPickedLocks(deps: ServiceDeps, accountId: string, connectionId: string, picks: DevicePick[]): Promise<LockRow[]> {
  const connection = findConnection(deps.db, accountId, connectionId);
  if (picks.length === 0) throw invalid("tick at least one lock to add", [{ path: "locks", message: "Tick at least one lock to add." }]);
  if (new Set(picks.map((p) => p.deviceId)).size !== picks.length) throw invalid("each device can be added once", [{ path: "locks", message: "Each device can be added once." }]);
  const devices = new Map((await listConnectionDevices(deps, accountId, connectionId)).map((d) => [d.deviceId, d]));
  picks.forEach((p, i) => {
    const device = devices.get(p.deviceId);
    if (!device) throw invalid(`${connection.name} holds no lock ${p.deviceId}`, [{ path: `locks.${i}.deviceId`, message: `${connection.name} holds no lock ${p.deviceId}.` }]);
    if (device.lockId) throw invalid(`${device.name} is already added`, [{ path: `locks.${i}.deviceId`, message: `${device.name} is already one of your locks.` }]);
    findProperty(deps.db, accountId, p.propertyId);
  });
  const created: LockRow[] = [];
  for (const p of picks) {
    const device = devices.get(p.deviceId);
    const name = p.name?.trim() || device?.name || p.deviceId;
    created.push(await createLock(deps, accountId, { propertyId: p.propertyId, name, provider: connection.provider, providerDeviceId: p.deviceId, connectionId: connection.id }));
  }
  return created;
}

export interface ConnectionLock {
  id: string;
  name: string;
  providerDeviceId: string;
  propertyId: string;
  propertyName: string;
  online: boolean | null;
  batteryLevel: number | null;
}

/** The account's locks reached through one connection, with their property, for the connection's page. */
export function connectionLocks(deps: Pick<ServiceDeps, "db">, accountId: string, connectionId: string): ConnectionLock[] {
  const connection = findConnection(deps.db, accountId, connectionId);
  return deps.db
    .select({ id: locks.id, name: locks.name, providerDeviceId: locks.providerDeviceId, propertyId: locks.propertyId, propertyName: properties.name, online: locks.online, batteryLevel: locks.batteryLevel })
    .from(locks)
    .innerJoin(properties, eq(properties.id, locks.propertyId))
    .where(and(eq(locks.accountId, accountId), eq(locks.connectionId, connection.id)))
    .orderBy(asc(properties.name), asc(locks.name))
    .all();
}
