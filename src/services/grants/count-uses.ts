import { and, eq, lt, sql } from "drizzle-orm";
import { accessCodes, accessGrants } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { ServiceDeps } from "../deps";
import { grantLocks, grantProperty } from "./grant-records";
import { planContext, planGrantCodes } from "./plan-grant";

/**
 * Door activity's unlock by one of a limited-uses grant's codes: one use counted (each stored door event is told once,
 * so a redelivered event counts nothing). At the Nth the grant is spent: it ends, and every code it has on any lock
 * comes off and is read back gone. Unlocks by other codes, and by grants without a limit, are not this capability's.
 */
export async function countGrantUse(deps: ServiceDeps, event: { accessCodeId: string | null; lockEventId: string; lockId: string }): Promise<void> {
  if (!event.accessCodeId) return;
  const { db } = deps;
  const code = db.select({ grantId: accessCodes.grantId, purpose: accessCodes.purpose }).from(accessCodes).where(eq(accessCodes.id, event.accessCodeId)).get();
  if (!code?.grantId || code.purpose !== "grant") return;
  const ctx = planContext(deps);
  db.transaction((tx) => {
    // Counted only while the grant is live and under its limit: the conditional update is the one guard.
    const counted = tx.update(accessGrants).set({ usesSeen: sql`${accessGrants.usesSeen} + 1`, updatedAt: ctx.now })
      .where(and(eq(accessGrants.id, code.grantId!), eq(accessGrants.kind, "limited_uses"), eq(accessGrants.status, "active"), lt(accessGrants.usesSeen, accessGrants.maxUses)))
      .returning().get();
    if (!counted) return;
    recordAudit(db, deps.clock, {
      accountId: counted.accountId, actor: "door_activity", action: "grant.use", subjectType: "access_grant", subjectId: counted.id,
      detail: { lockEventId: event.lockEventId, lockId: event.lockId, usesSeen: counted.usesSeen, maxUses: counted.maxUses },
    });
    if (counted.usesSeen < (counted.maxUses ?? Infinity)) return;
    const spent = { ...counted, status: "ended" as const, version: counted.version + 1 };
    tx.update(accessGrants).set({ status: "ended", version: spent.version }).where(eq(accessGrants.id, counted.id)).run();
    planGrantCodes(ctx, spent, grantProperty(db, spent), grantLocks(db, spent));
    recordAudit(db, deps.clock, { accountId: counted.accountId, actor: "door_activity", action: "grant.used_up", subjectType: "access_grant", subjectId: counted.id });
  });
  await ctx.follow.run(deps);
}
