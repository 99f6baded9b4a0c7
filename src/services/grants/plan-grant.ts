import { and, eq } from "drizzle-orm";
import type { GrantRow, LockRow, PropertyRow } from "../../db/rows";
import { accessGrants } from "../../db/schema";
import { grantWindows, RECURRING_HORIZON_DAYS, sameWindow, type CodeWindow } from "../../domain/access";
import { FollowUps } from "../access/code-follow-ups";
import { moveCode, planNewCode, retireCode, type PlanContext } from "../access/code-plans";
import type { ServiceDeps } from "../deps";
import { codeAlertKeys, raiseCodeAlert } from "../access/alerts";
import { effectiveStatus, grantLocks, grantProperty, liveGrantCodes, openGrantPin, scheduleOf } from "./grant-records";

const DAY_MS = 86_400_000;

/** The windows a grant's codes should cover from now: every occurrence within the horizon, none once it is over. */
export function wantedWindows(grant: GrantRow, property: Pick<PropertyRow, "timezone">, now: Date): CodeWindow[] {
  if (effectiveStatus(grant, now) !== "active") return [];
  return grantWindows(scheduleOf(grant), property.timezone, now, new Date(now.getTime() + RECURRING_HORIZON_DAYS * DAY_MS));
}

/** A one-time code on a lock whose vendor spends it itself (Seam `is_one_time_use`). */
export const nativeOneTime = (grant: Pick<GrantRow, "kind" | "maxUses">, lock: Pick<LockRow, "provider">) =>
  grant.kind === "limited_uses" && grant.maxUses === 1 && lock.provider === "seam";

/**
 * Brings a grant's codes in line with the grant, inside the caller's transaction: one code per lock per wanted window
 * with the grant's one PIN; a moved end moves the code (same PIN); a lock the grant no longer opens, an occurrence no
 * longer wanted, or a revoked or spent grant retires its codes (removed from the lock and read back gone).
 */
export function planGrantCodes(ctx: PlanContext, grant: GrantRow, property: PropertyRow, locks: LockRow[]): void {
  const windows = wantedWindows(grant, property, ctx.now);
  const codes = liveGrantCodes(ctx.db, grant.id);
  const pin = windows.length > 0 ? openGrantPin(ctx.box, grant) : "";
  const kept = new Set<string>();
  for (const lock of locks) {
    const onLock = codes.filter((c) => c.lockId === lock.id);
    for (const window of windows) {
      // One window kinds move their one code; a recurring grant's occurrence is known by its start.
      const code = grant.kind === "recurring"
        ? onLock.find((c) => c.validFrom.getTime() === window.from.getTime())
        : onLock.find((c) => !kept.has(c.id));
      if (code) {
        kept.add(code.id);
        if (code.state === "failed") continue;
        if (!sameWindow({ from: code.validFrom, to: code.validTo }, window)) moveCode(ctx, code, lock, window, property.programLeadMinutes);
        continue;
      }
      planNewCode(ctx, {
        lock, purpose: "grant", window, length: pin.length, programLeadMinutes: property.programLeadMinutes, exactPin: pin,
        propertyId: property.id, grantId: grant.id, ...(grant.contactId ? { contactId: grant.contactId } : {}), oneTimeUse: nativeOneTime(grant, lock),
      });
    }
  }
  // Occurrences already under way stay wanted (they overlap now); anything else unmatched comes off the door.
  for (const code of codes) if (!kept.has(code.id)) retireCode(ctx, code);
}

/**
 * The `access-codes.plan-grant` job: rolls a recurring grant's horizon on (a code for each occurrence coming into it),
 * and settles any grant whose codes drifted from it (a lock added to its property, a lost write). One transaction;
 * program and revoke jobs after commit; an alert for a lock the grant's PIN could not go on.
 */
export async function planGrant(deps: ServiceDeps, grantId: string): Promise<void> {
  const grant = deps.db.select().from(accessGrants).where(eq(accessGrants.id, grantId)).get();
  if (!grant) return;
  const ctx = planContext(deps);
  deps.db.transaction(() => planGrantCodes(ctx, grant, grantProperty(deps.db, grant), grantLocks(deps.db, grant)));
  await ctx.follow.run(deps);
  await reportGrantProblems(deps, ctx, grant);
}

export function planContext(deps: Pick<ServiceDeps, "db" | "box" | "clock">): PlanContext {
  return { db: deps.db, box: deps.box, clock: deps.clock, now: deps.clock.now(), follow: new FollowUps(), problems: [] };
}

/** A lock that refused the grant's PIN (a later guest took it, the lock's rules changed): the host is told. */
export async function reportGrantProblems(deps: ServiceDeps, ctx: PlanContext, grant: GrantRow): Promise<void> {
  for (const p of ctx.problems) {
    await raiseCodeAlert(deps, p.lock, {
      kind: "code_failed", severity: "warning", subjectType: "access_grant", subjectId: grant.id, dedupeKey: codeAlertKeys.plan(grant.id, p.lock.id),
      title: `${grant.name}'s access could not be planned on ${p.lock.name}`, detail: p.reason,
    });
  }
}

/**
 * A door was added to the property, or taken from it (a new lock, a lock shared or unshared): every live grant covering
 * the whole property is planned again at once, so its person's code reaches the new door without waiting for the
 * daily roll.
 */
export async function planWholePropertyGrants(deps: ServiceDeps, propertyId: string): Promise<void> {
  const ids = deps.db.select({ id: accessGrants.id }).from(accessGrants)
    .where(and(eq(accessGrants.propertyId, propertyId), eq(accessGrants.wholeProperty, true), eq(accessGrants.status, "active"))).all();
  for (const { id } of ids) await planGrant(deps, id);
}
