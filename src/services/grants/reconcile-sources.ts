import { and, eq, isNull, gt, or } from "drizzle-orm";
import { accessGrants } from "../../db/schema";
import { jobKeys } from "../../jobs/job-keys";
import { desiredJob, type ReconcileSource, type ReconcileSources } from "../../jobs/reconcile-source";

/**
 * Once a day, each live grant whose codes depend on the calendar or on the property's locks is planned again: a
 * recurring grant's next occurrences come into the horizon, and a whole-property grant reaches a lock added since.
 */
export const grantsToRoll: ReconcileSource = ({ db, now }) =>
  db.select({ id: accessGrants.id }).from(accessGrants)
    .where(and(
      eq(accessGrants.status, "active"),
      or(eq(accessGrants.kind, "recurring"), eq(accessGrants.wholeProperty, true)),
      or(isNull(accessGrants.endsAt), gt(accessGrants.endsAt, now)),
    )).all()
    .map((g) => desiredJob("access-codes.plan-grant", { grantId: g.id }, jobKeys.daily(g.id, now.toISOString().slice(0, 10)), now));

export const grantReconcileSources: ReconcileSources = { schedules: { grantsToRoll } };
