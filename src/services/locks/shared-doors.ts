import { and, asc, eq, inArray } from "drizzle-orm";
import { accessCodes, accessGrantLocks, accessGrants, lockProperties, properties } from "../../db/schema";
import { retireCode } from "../access/code-plans";
import { recordAudit } from "../audit/record-audit";
import type { ServiceDeps } from "../deps";
import { conflict, ServiceError } from "../errors";
import { planContext, planWholePropertyGrants } from "../grants/plan-grant";
import { findLock, findProperty } from "../lookups";
import { replanBookedStays } from "./locks";

export interface LockProperty {
  propertyId: string;
  name: string;
  /** The property the lock was added to: it always serves it. */
  own: boolean;
}

/** The properties a lock serves: its own first, then the others it is shared with, by name. */
export function lockPropertiesOf(deps: Pick<ServiceDeps, "db">, accountId: string, lockId: string): LockProperty[] {
  const lock = findLock(deps.db, accountId, lockId);
  return deps.db.select({ propertyId: properties.id, name: properties.name }).from(lockProperties)
    .innerJoin(properties, eq(properties.id, lockProperties.propertyId))
    .where(and(eq(lockProperties.lockId, lock.id), eq(properties.accountId, accountId))).orderBy(asc(properties.name)).all()
    .map((p) => ({ ...p, own: p.propertyId === lock.propertyId }))
    .sort((a, b) => Number(b.own) - Number(a.own));
}

/**
 * Makes a lock a shared door of another of the account's properties (a building entrance, a gate): every guest and
 * cleaner of that property gets their code on it too, inside their own window, with PINs unique across every code on
 * the lock (uniqueness is per lock, whatever property a code serves). Its booked stays are planned again at once.
 */
export async function shareLock(deps: ServiceDeps, accountId: string, lockId: string, propertyId: string, actor: string): Promise<LockProperty[]> {
  const { db } = deps;
  const lock = findLock(db, accountId, lockId);
  const property = findProperty(db, accountId, propertyId);
  const now = deps.clock.now();
  const booked = db.transaction((tx) => {
    const added = tx.insert(lockProperties).values({ lockId: lock.id, propertyId: property.id, createdAt: now }).onConflictDoNothing().run();
    if (added.changes === 0) return null;
    recordAudit(db, deps.clock, { accountId, actor, action: "lock.property.add", subjectType: "lock", subjectId: lock.id, detail: { propertyId: property.id } });
    return replanBookedStays(tx, property.id, now);
  });
  if (booked) {
    for (const stayId of booked) await deps.events.emit({ type: "stay.changed", stayId });
    await planWholePropertyGrants(deps, property.id);
  }
  return lockPropertiesOf(deps, accountId, lock.id);
}

/**
 * Takes a shared door away from a property: every code it holds there for that property's guests, cleaners, spares
 * and grants comes off the lock (removed and read back gone by the revoke jobs). The lock's own property cannot be
 * taken away: delete the lock instead.
 */
export async function unshareLock(deps: ServiceDeps, accountId: string, lockId: string, propertyId: string, actor: string): Promise<LockProperty[]> {
  const { db } = deps;
  const lock = findLock(db, accountId, lockId);
  const property = findProperty(db, accountId, propertyId);
  if (property.id === lock.propertyId) throw conflict(`${lock.name} belongs to ${property.name}; it always serves it (delete the lock to take it away)`);
  const ctx = planContext(deps);
  db.transaction((tx) => {
    const removed = tx.delete(lockProperties).where(and(eq(lockProperties.lockId, lock.id), eq(lockProperties.propertyId, property.id))).run();
    if (removed.changes === 0) throw new ServiceError("not_found", `${lock.name} does not serve ${property.name}`);
    const grantIds = tx.select({ id: accessGrants.id }).from(accessGrants).where(eq(accessGrants.propertyId, property.id)).all().map((g) => g.id);
    if (grantIds.length > 0) tx.delete(accessGrantLocks).where(and(eq(accessGrantLocks.lockId, lock.id), inArray(accessGrantLocks.grantId, grantIds))).run();
    const codes = tx.select().from(accessCodes).where(and(
      eq(accessCodes.lockId, lock.id), eq(accessCodes.propertyId, property.id), inArray(accessCodes.state, ["planned", "programming", "active", "failed"]),
    )).all();
    for (const code of codes) retireCode(ctx, code);
    recordAudit(db, deps.clock, { accountId, actor, action: "lock.property.remove", subjectType: "lock", subjectId: lock.id, detail: { propertyId: property.id, codesRemoved: codes.length } });
  });
  await ctx.follow.run(deps);
  return lockPropertiesOf(deps, accountId, lock.id);
}
