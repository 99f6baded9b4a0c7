import type { z } from "@hono/zod-openapi";
import { and, eq, gt } from "drizzle-orm";
import type { Db } from "../../db/client";
import { locks, properties, providerConnections, stays } from "../../db/schema";
import type { Clock } from "../../lib/clock";
import { newId } from "../../lib/ids";
import type { lockInput } from "../../routes/v1/locks/schema";

export type LockInput = z.infer<typeof lockInput>;
type LockRow = typeof locks.$inferSelect;
export type CreateLockFailure = {
  ok: false;
  reason: "property_not_found" | "connection_not_found" | "invalid" | "duplicate";
  message: string;
  errors: { path: string; message: string }[];
};
/** `replanStayIds`: the stays the caller re-plans after the write, through its own post-commit hook. */
export type CreateLockResult = { ok: true; lock: LockRow; replanStayIds: string[] } | CreateLockFailure;

const fail = (reason: CreateLockFailure["reason"], message: string, path?: string, fieldMessage?: string): CreateLockFailure => ({
  ok: false,
  reason,
  message,
  errors: path ? [{ path, message: fieldMessage ?? message }] : [],
});

/** A connection is the account's own and speaks the lock's provider; a simulated lock needs none. */
export function checkConnection(db: Db, accountId: string, provider: string, connectionId: string | null | undefined): CreateLockFailure | null {
  if (!connectionId) return null;
  if (provider === "simulated") return fail("invalid", "a simulated lock takes no connectionId", "connectionId", "must be omitted for provider simulated");
  const conn = db
    .select()
    .from(providerConnections)
    .where(and(eq(providerConnections.id, connectionId), eq(providerConnections.accountId, accountId)))
    .get();
  // Another account's connection answers like a missing one.
  if (!conn) return fail("connection_not_found", `provider connection ${connectionId} does not exist`, "connectionId", "is not one of your connections");
  if (conn.provider !== provider) return fail("invalid", `connection ${connectionId} is for ${conn.provider}, not ${provider}`, "connectionId", `must be a ${provider} connection`);
  return null;
}

/**
 * Adds a lock to one of the account's properties: the single place the API and the dashboard share, so a
 * lock is never created under weaker rules on one side. The input is already `lockInput`-validated.
 */
export function createLock(deps: { db: Db; clock: Clock }, accountId: string, input: LockInput): CreateLockResult {
  const { db, clock } = deps;
  const property = db.select({ id: properties.id }).from(properties).where(and(eq(properties.id, input.propertyId), eq(properties.accountId, accountId))).get();
  if (!property) return fail("property_not_found", `property ${input.propertyId} does not exist`);
  const connectionProblem = checkConnection(db, accountId, input.provider, input.connectionId);
  if (connectionProblem) return connectionProblem;
  const dup = db
    .select({ id: locks.id })
    .from(locks)
    .where(and(eq(locks.accountId, accountId), eq(locks.provider, input.provider), eq(locks.providerDeviceId, input.providerDeviceId)))
    .get();
  if (dup) return fail("duplicate", "this account already has a lock for that provider device", "providerDeviceId", "another of your locks already uses this device");
  if (input.provider === "home_assistant" && input.nativeSchedules === true) {
    return fail("invalid", "Home Assistant (Z-Wave JS) locks have no code schedules", "nativeSchedules", "staykey sets and clears their codes at window start and end");
  }
  const now = clock.now();
  const id = newId("lock");
  // A slot-based lock programmed ahead would let its code work before the stay: schedules only where the lock has them.
  const nativeSchedules = input.nativeSchedules ?? input.provider !== "home_assistant";
  db.insert(locks).values({ ...input, nativeSchedules, id, accountId, createdAt: now, updatedAt: now }).run();
  // A new lock needs codes for the stays already booked: every stay that has not checked out yet is re-planned.
  const replanStayIds = db
    .select({ id: stays.id })
    .from(stays)
    .where(and(eq(stays.propertyId, input.propertyId), eq(stays.status, "confirmed"), gt(stays.checkOutAt, now)))
    .all()
    .map((s) => s.id);
  return { ok: true, lock: db.select().from(locks).where(eq(locks.id, id)).get()!, replanStayIds };
}
