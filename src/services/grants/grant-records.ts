import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import type { GrantRow, LockRow, PropertyRow } from "../../db/rows";
import { accessCodes, accessGrantLocks, lockProperties, locks, properties } from "../../db/schema";
import { grantHasFuture, type GrantSchedule, type GrantStatus } from "../../domain/access";
import type { SecretBox } from "../../lib/crypto";

export type { GrantRow };

/** Associated data binding a grant's PIN ciphertext to its row. */
export const grantPinAd = (grantId: string) => `grant:${grantId}`;
export const openGrantPin = (box: SecretBox, grant: Pick<GrantRow, "id" | "pinEnc">) => box.decrypt(grant.pinEnc, grantPinAd(grant.id));

export const scheduleOf = (grant: Pick<GrantRow, "kind" | "startsAt" | "endsAt" | "recurrence">): GrantSchedule => ({
  kind: grant.kind, startsAt: grant.startsAt, endsAt: grant.endsAt, recurrence: grant.recurrence,
});

/** As the host sees it: revoked, ended (its window or last occurrence is over, or its uses are spent), or active. */
export function effectiveStatus(grant: GrantRow, now: Date): GrantStatus {
  if (grant.status !== "active") return grant.status;
  if (grant.maxUses !== null && grant.usesSeen >= grant.maxUses) return "ended";
  return grantHasFuture(scheduleOf(grant), now) ? "active" : "ended";
}

/** The locks a grant opens: those it names, or every lock serving its property (shared doors included). */
export function grantLocks(db: Db, grant: Pick<GrantRow, "id" | "accountId" | "propertyId" | "wholeProperty">): LockRow[] {
  if (grant.wholeProperty) {
    return db.select({ lock: locks }).from(lockProperties).innerJoin(locks, eq(locks.id, lockProperties.lockId))
      .where(and(eq(lockProperties.propertyId, grant.propertyId), eq(locks.accountId, grant.accountId))).all().map((r) => r.lock);
  }
  return db.select({ lock: locks }).from(accessGrantLocks).innerJoin(locks, eq(locks.id, accessGrantLocks.lockId))
    .where(and(eq(accessGrantLocks.grantId, grant.id), eq(locks.accountId, grant.accountId))).all().map((r) => r.lock);
}

export const grantProperty = (db: Db, grant: Pick<GrantRow, "propertyId">): PropertyRow =>
  db.select().from(properties).where(eq(properties.id, grant.propertyId)).get()!;

/** A grant's codes that are, or may soon be, on a lock. */
export const liveGrantCodes = (db: Db, grantId: string) =>
  db.select().from(accessCodes).where(and(eq(accessCodes.grantId, grantId), inArray(accessCodes.state, ["planned", "programming", "active", "failed"]))).all();

/** Every code a grant ever had, newest window first, for its page. */
export const grantCodes = (db: Db, grantId: string) => db.select().from(accessCodes).where(eq(accessCodes.grantId, grantId)).all();
