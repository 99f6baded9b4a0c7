import { and, eq, isNotNull, lte, notExists, or, sql } from "drizzle-orm";
import { accessCodes, lockProperties, stays } from "../../db/schema";
import { jobKeys } from "../../jobs/job-keys";
import { desiredJob, type ReconcileSource, type ReconcileSources } from "../../jobs/reconcile-source";
import { guestStays } from "../stays/guest-stays";

export const staysToPlan: ReconcileSource = ({ db, now }) =>
  db.select({ id: stays.id, version: stays.version }).from(stays)
    .where(and(
      guestStays(), sql`${stays.checkOutAt} > ${now.getTime()}`,
      // Stays not yet planned at their version are propertiesToPlan's; this is for a planned stay that still has no
      // code (its property got its first lock since).
      sql`${stays.plannedVersion} >= ${stays.version}`,
      sql`exists (select 1 from ${lockProperties} where ${lockProperties.propertyId} = ${stays.propertyId})`,
      notExists(db.select({ one: sql`1` }).from(accessCodes).where(eq(accessCodes.stayId, stays.id))),
    )).all()
    .map((s) => desiredJob("access-codes.plan-stay", { stayId: s.id }, jobKeys.stay(s), now));

/** Stays a sync (or anything else) changed that the planner has not planned yet: one plan job per property. */
export const propertiesToPlan: ReconcileSource = ({ db, now }) => {
  const byProperty = new Map<string, Array<{ id: string; version: number }>>();
  for (const s of db.select({ id: stays.id, version: stays.version, propertyId: stays.propertyId }).from(stays).where(sql`${stays.plannedVersion} < ${stays.version}`).all()) {
    const list = byProperty.get(s.propertyId) ?? [];
    list.push(s);
    byProperty.set(s.propertyId, list);
  }
  return [...byProperty].map(([propertyId, list]) => desiredJob("access-codes.plan-property", { propertyId }, jobKeys.propertyPlan(propertyId, list), now));
};

const codeColumns = { id: accessCodes.id, version: accessCodes.version, programAt: accessCodes.programAt, validTo: accessCodes.validTo, state: accessCodes.state, updatedAt: accessCodes.updatedAt };

export const codesToProgram: ReconcileSource = ({ db, until }) =>
  db.select(codeColumns).from(accessCodes)
    .where(and(eq(accessCodes.state, "planned"), isNotNull(accessCodes.programAt), lte(accessCodes.programAt, until))).all()
    .map((c) => desiredJob("access-codes.program-code", { codeId: c.id }, jobKeys.code(c), c.programAt!));

export const codesToVerify: ReconcileSource = ({ db, now }) =>
  db.select(codeColumns).from(accessCodes).where(eq(accessCodes.state, "programming")).all()
    .map((c) => desiredJob("access-codes.verify-code", { codeId: c.id }, jobKeys.code(c), now));

// A code leaves the lock at its end, or at once when its stay was cancelled or a revoke was already under way.
export const codesToRevoke: ReconcileSource = ({ db, now, until }) =>
  db.select(codeColumns).from(accessCodes)
    .leftJoin(stays, eq(stays.id, accessCodes.stayId))
    .where(or(
      eq(accessCodes.state, "revoking"),
      and(eq(accessCodes.state, "active"), or(lte(accessCodes.validTo, until), eq(stays.status, "cancelled"))),
    )).all()
    .map((c) => desiredJob("access-codes.revoke-code", { codeId: c.id }, jobKeys.code(c), c.state === "active" ? c.validTo : now));

/** The jobs the code lifecycle's records say should exist: plans, programming, read-backs and removals. */
export const accessReconcileSources: ReconcileSources = {
  repairs: { propertiesToPlan, staysToPlan, codesToProgram, codesToVerify, codesToRevoke },
};
