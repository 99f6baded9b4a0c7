import type { StayRow } from "../../db/rows";
import { getsGuestCode, guestCodeWindow, isLive, phoneLast4 } from "../../domain/access";
import { jobIdFor } from "../../jobs/job-ids";
import { jobKeys } from "../../jobs/job-keys";
import { openStay } from "../contact-details/contact-details";
import type { ServiceDeps } from "../deps";
import { accessQueries } from "./access-queries";
import { codeAlertKeys, raiseCodeAlert } from "./alerts";
import { planBackupPool } from "./backup-codes";
import { existingPin, moveCode, planNewCode, retireCode, type PlanContext } from "./code-plans";
import { FollowUps } from "./code-follow-ups";
import { codesWithoutSlot } from "./slot-plan";
import { resolveAlertKeys, resolveStayCodeAlerts } from "./resolve-code-alerts";
import { planTurnoversAround } from "./plan-turnover";


export interface PlanOutcome {
  created: number;
  moved: number;
  retired: number;
}

/**
 * Brings a stay's codes in line with the stay: one guest code per lock of the property over the stay's window, the
 * same PIN when the dates move, removal when it is cancelled; then the turnover after it (and before it), and the
 * locks' spare pools. Everything is written in one transaction; jobs and events follow after commit.
 */
export async function planStayAccess(deps: ServiceDeps, stayId: string): Promise<PlanOutcome> {
  const { db } = deps;
  const outcome: PlanOutcome = { created: 0, moved: 0, retired: 0 };
  const q = accessQueries(db);
  const row = q.stayWithProperty.get({ stayId });
  if (!row) return outcome;
  const { stay, property } = row;
  const now = deps.clock.now();
  const follow = new FollowUps();
  const ctx: PlanContext = { db, box: deps.box, clock: deps.clock, now, follow, problems: [] };
  const propertyLocks = q.propertyLocks.all({ propertyId: property.id });
  const window = guestCodeWindow(stay, property);
  // Contact details do not matter here: a Booking.com stay exported as `CLOSED` with no guest phone still gets a code
  // the host can pass on by hand; delivery simply has no one to text.
  const wanted = getsGuestCode(stay, window.to, now);

  db.transaction(() => {
    const codes = q.liveGuestCodes.all({ stayId: stay.id });
    const backups = propertyLocks.flatMap((l) => q.assignedBackups.all({ lockId: l.id, stayId: stay.id }));
    if (!wanted) {
      for (const code of [...codes, ...backups]) if (retireCode(ctx, code)) outcome.retired++;
    } else {
      for (const lock of propertyLocks) {
        const code = codes.find((c) => c.lockId === lock.id && isLive(c.state));
        if (code) {
          if (moveCode(ctx, code, lock, window, property.programLeadMinutes)) outcome.moved++;
          continue;
        }
        // The same PIN on every door of the property, and again if the stay comes back after a cancellation.
        const preferred = existingPin(ctx, { stayId: stay.id, propertyId: property.id, lockId: lock.id })
          ?? (property.codeStrategy === "phone_last4" ? stay.guestPhoneLast4 ?? phoneLast4(openStay(deps.box, stay).guestPhone) : undefined);
        const id = planNewCode(ctx, {
          lock, purpose: "guest", window, length: property.codeLength, programLeadMinutes: property.programLeadMinutes, preferred, stayId: stay.id, propertyId: property.id,
        });
        if (id) outcome.created++;
      }
      for (const backup of backups) moveCode(ctx, backup, propertyLocks.find((l) => l.id === backup.lockId)!, window, property.programLeadMinutes);
    }
    for (const lock of propertyLocks) planBackupPool(ctx, lock, property);
    planTurnoversAround(ctx, stay, property, propertyLocks);
    // The version read above, not the current one: a change that landed meanwhile leaves the stay to plan again.
    q.markPlanned.run({ stayId: stay.id, version: stay.version });
  });

  await follow.run(deps);
  if (!wanted) await resolveStayCodeAlerts(deps, stay, propertyLocks.map((l) => l.id));
  await reportProblems(deps, ctx, propertyLocks, stay);
  return outcome;
}

/** Alerts for what could not be planned; a lock that planned fine this time resolves the stay's earlier plan alert. */
async function reportProblems(deps: ServiceDeps, ctx: PlanContext, propertyLocks: PlanContext["problems"][number]["lock"][], stay: StayRow): Promise<void> {
  const stayId = stay.id;
  for (const p of ctx.problems) {
    await raiseCodeAlert(deps, p.lock, {
      kind: "code_failed", severity: "critical", subjectType: "stay", subjectId: stayId, dedupeKey: codeAlertKeys.plan(stayId, p.lock.id),
      title: `No code could be planned on ${p.lock.name}`, detail: p.reason,
    });
  }
  const planned = propertyLocks.filter((l) => !ctx.problems.some((p) => p.lock.id === l.id)).map((l) => codeAlertKeys.plan(stayId, l.id));
  const roomy: string[] = [];
  for (const lock of propertyLocks) {
    const short = codesWithoutSlot(deps.db, lock, ctx.now);
    if (short.length === 0) {
      if (!lock.nativeSchedules) roomy.push(codeAlertKeys.slotsExhausted(lock.id));
      continue;
    }
    await raiseCodeAlert(deps, lock, {
      kind: "slots_exhausted", severity: "warning", subjectType: "lock", subjectId: lock.id, dedupeKey: codeAlertKeys.slotsExhausted(lock.id),
      title: `${lock.name} will run out of code slots`,
      detail: `${short.length} upcoming code(s) overlap more stays than the lock has slots; the soonest stays keep theirs.`,
    });
  }
  await resolveAlertKeys(deps, stay.accountId, [...planned, ...roomy]);
}

/**
 * Plans every stay of the property whose current version the planner has not planned yet (the `planned_version`
 * column): a sync's one job for all the stays it touched, instead of one job per stay. Each stay is planned in its own
 * transaction, as its own plan-stay job would be, and one stay that cannot be planned does not hold the others back:
 * the rest are planned, then the job fails so that its retry (which finds only the unplanned) tries that one again.
 */
export async function planPropertyAccess(deps: ServiceDeps, propertyId: string): Promise<PlanOutcome> {
  const total: PlanOutcome = { created: 0, moved: 0, retired: 0 };
  const failed: string[] = [];
  for (const { id } of accessQueries(deps.db).unplannedStays.all({ propertyId })) {
    try {
      const outcome = await planStayAccess(deps, id);
      total.created += outcome.created;
      total.moved += outcome.moved;
      total.retired += outcome.retired;
    } catch (error) {
      failed.push(id);
      deps.logger.error({ stayId: id, err: error instanceof Error ? error.message : String(error) }, "could not plan a stay's access codes");
    }
  }
  if (failed.length > 0) throw new Error(`${failed.length} stay(s) of property ${propertyId} could not be planned: ${failed.join(", ")}`);
  return total;
}

/** Access's reaction to `stay.changed`: one plan job per stay version (a re-sent change is a no-op). */
export async function enqueuePlanStay(deps: ServiceDeps, stayId: string): Promise<void> {
  const stay = accessQueries(deps.db).stayVersion.get({ stayId });
  if (!stay) return;
  await deps.jobs.enqueue("access-codes.plan-stay", { stayId }, { jobId: jobIdFor("access-codes.plan-stay", jobKeys.stay(stay)) });
}
