import { and, asc, eq, getTableColumns, gt, inArray, sql } from "drizzle-orm";
import { listAccountPage } from "../../db/account-page";
import type { Db } from "../../db/client";
import { accessCodes, lockProperties, locks, stays } from "../../db/schema";
import type { CoreDeps } from "../../deps";
import { ON_LOCK_CODE_STATES } from "../../domain/access";
import { newId } from "../../lib/ids";
import type { LockRow, ServiceDeps } from "../deps";
import { conflict, invalid, ServiceError, type ServiceErrorKind } from "../errors";
import { findLock, findProperty, lookups } from "../lookups";
import { planWholePropertyGrants } from "../grants/plan-grant";
import { guestStays } from "../stays/guest-stays";
import type { LockInput, LockPatch } from "./lock-input";
import { lockSettingProblems, slotBasedProvider, type ProviderSettings } from "./lock-settings";

export type { LockRow };
export type { LockInput, LockPatch };

/** A refusal that names the message for the caller and the one for the field it concerns. */
const refuse = (kind: ServiceErrorKind, message: string, path: string, fieldMessage: string) => new ServiceError(kind, message, [{ path, message: fieldMessage }]);

function assertSettings(provider: LockRow["provider"], settings: ProviderSettings): void {
  const problems = lockSettingProblems(provider, settings);
  if (problems.length > 0) throw invalid(problems.map((p) => p.message).join(" "), problems);
}

/** A connection is the account's own and speaks the lock's provider; a simulated lock needs none. */
function assertConnection(db: Db, accountId: string, provider: string, connectionId: string | null | undefined): void {
  if (!connectionId) return;
  if (provider === "simulated") throw refuse("invalid", "a simulated lock takes no connectionId", "connectionId", "must be omitted for provider simulated");
  const conn = lookups.connection.maybe(db, accountId, connectionId);
  // Another account's connection answers like a missing one.
  if (!conn) throw refuse("not_found", `provider connection ${connectionId} does not exist`, "connectionId", "is not one of your connections");
  if (conn.provider !== provider) throw refuse("invalid", `connection ${connectionId} is for ${conn.provider}, not ${provider}`, "connectionId", `must be a ${provider} connection`);
}

/**
 * Adds a lock to one of the account's properties: the single place the API and the dashboard share, so a lock is
 * never created under weaker rules on one side.
 */
export async function createLock(deps: ServiceDeps, accountId: string, input: LockInput): Promise<LockRow> {
  const { lock, bookedStayIds } = insertLock(deps, accountId, input);
  // A new lock needs codes for the guests already booked: every guest's stay that has not checked out yet is planned again.
  for (const stayId of bookedStayIds) await deps.events.emit({ type: "stay.changed", stayId });
  // And for whoever has access to the whole property (family, recurring staff).
  await planWholePropertyGrants(deps, input.propertyId);
  return lock;
}

/**
 * The write half of createLock, checked by the same rules: the lock row, and the stays already booked on its property
 * that now need a code on it (createLock tells the planner about each; a caller that only seeds a lock may not).
 */
export function insertLock(deps: Pick<ServiceDeps, "db" | "clock">, accountId: string, input: LockInput): { lock: LockRow; bookedStayIds: string[] } {
  const { db, clock } = deps;
  findProperty(db, accountId, input.propertyId);
  assertSettings(input.provider, { ...input, connectionId: input.connectionId ?? null });
  assertConnection(db, accountId, input.provider, input.connectionId);
  const dup = db
    .select({ id: locks.id })
    .from(locks)
    .where(and(eq(locks.accountId, accountId), eq(locks.provider, input.provider), eq(locks.providerDeviceId, input.providerDeviceId)))
    .get();
  if (dup) throw refuse("conflict", "this account already has a lock for that provider device", "providerDeviceId", "another of your locks already uses this device");
  const now = clock.now();
  const id = newId("lock");
  // A slot-based lock programmed ahead would let its code work before the stay: schedules only where the lock has them.
  const nativeSchedules = input.nativeSchedules ?? !slotBasedProvider(input.provider);
  const booked = db.transaction((tx) => {
    tx.insert(locks).values({ ...input, nativeSchedules, id, accountId, createdAt: now, updatedAt: now }).run();
    tx.insert(lockProperties).values({ lockId: id, propertyId: input.propertyId, createdAt: now }).run();
    return replanBookedStays(tx, input.propertyId, now);
  });
  return { lock: findLock(db, accountId, id), bookedStayIds: booked };
}

/**
 * A door was added to the property (a new lock, or a shared one it now serves): every guest stay that has not checked
 * out gets a new version, so the planner plans it again. Without it the plan job of the version already planned (its
 * id is the stay's id and version, kept a day so a re-sent change is a no-op) would swallow the request, and guests
 * already booked would get no code on the new door until their stay changed. Returns the stays, for stay.changed.
 */
export function replanBookedStays(db: Pick<Db, "update">, propertyId: string, now: Date): string[] {
  return db
    .update(stays)
    .set({ version: sql`${stays.version} + 1`, updatedAt: now })
    .where(and(eq(stays.propertyId, propertyId), guestStays(), gt(stays.checkOutAt, now)))
    .returning({ id: stays.id })
    .all()
    .map((s) => s.id);
}

export function updateLock(deps: Pick<CoreDeps, "db" | "clock">, accountId: string, id: string, patch: LockPatch): LockRow {
  const existing = findLock(deps.db, accountId, id);
  assertSettings(existing.provider, patch);
  if (patch.connectionId !== undefined) assertConnection(deps.db, accountId, existing.provider, patch.connectionId);
  deps.db.update(locks).set({ ...patch, updatedAt: deps.clock.now() }).where(eq(locks.id, existing.id)).run();
  return findLock(deps.db, accountId, existing.id);
}

export function deleteLock(deps: Pick<CoreDeps, "db">, accountId: string, id: string): void {
  const existing = findLock(deps.db, accountId, id);
  const onLock = deps.db
    .select({ id: accessCodes.id })
    .from(accessCodes)
    .where(and(eq(accessCodes.lockId, existing.id), inArray(accessCodes.state, [...ON_LOCK_CODE_STATES])))
    .get();
  // Deleting the row would forget PINs that still open the door.
  if (onLock) throw conflict("this lock still holds codes; wait until they are revoked before removing it");
  deps.db.delete(locks).where(eq(locks.id, existing.id)).run();
}

export function listLocks(deps: Pick<CoreDeps, "db">, accountId: string, q: { limit: number; cursor?: string; propertyId?: string }) {
  // By property: every lock serving it, shared doors included.
  const serving = q.propertyId ? inArray(locks.id, deps.db.select({ id: lockProperties.lockId }).from(lockProperties).where(eq(lockProperties.propertyId, q.propertyId))) : undefined;
  return listAccountPage(deps.db, locks, accountId, [serving], q);
}

/** A property's locks by name, shared doors included, for its page. */
export function propertyLocks(deps: Pick<CoreDeps, "db">, accountId: string, propertyId: string): LockRow[] {
  return deps.db.select(getTableColumns(locks)).from(locks).innerJoin(lockProperties, eq(lockProperties.lockId, locks.id))
    .where(and(eq(locks.accountId, accountId), eq(lockProperties.propertyId, propertyId))).orderBy(asc(locks.name)).all();
}
