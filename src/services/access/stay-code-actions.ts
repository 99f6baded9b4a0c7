import { eq } from "drizzle-orm";
import { stays } from "../../db/schema";
import { getsGuestCode, guestCodeWindow, isLive, programNowAt } from "../../domain/access";
import { recordAudit } from "../audit/record-audit";
import type { ServiceDeps } from "../deps";
import { withdrawGuestMessages } from "../delivery/schedule-guest-messages";
import { conflict } from "../errors";
import { findStay } from "../lookups";
import { accessQueries } from "./access-queries";
import { planNewCode, retireCode, scheduling, type PlanContext } from "./code-plans";
import { FollowUps } from "./code-follow-ups";
import { loadCode, openPin, updateCode } from "./code-records";
import { planStayAccess } from "./plan-stay-access";

/** The stay as the planner reads it, refused when it gets no guest code (a block, a cancelled or finished stay). */
function guestStay(deps: ServiceDeps, accountId: string, stayId: string) {
  const q = accessQueries(deps.db);
  const { stay, property } = q.stayWithProperty.get({ stayId: findStay(deps.db, accountId, stayId).id })!;
  const window = guestCodeWindow(stay, property);
  if (!getsGuestCode(stay, window.to, deps.clock.now())) throw conflict("this stay gets no guest code: it is cancelled, over, or an owner block");
  return { q, stay, property, window, locks: q.propertyLocks.all({ propertyId: property.id }) };
}

/**
 * A new PIN for a stay, on the host's request (a code passed on to the wrong person, a guest who wants another): every
 * code the guest holds is taken out of service (removed from the lock and read back, as for a cancelled stay), one
 * new PIN, different from the old on each lock, is planned on every door of the property, and the stay's
 * `pinGeneration` moves on, so that once the lock confirms the new code the guest is sent it by the usual code
 * message, once. A code message still queued with the old code is withdrawn; nothing carries the old PIN again.
 */
export async function regenerateStayPin(deps: ServiceDeps, accountId: string, stayId: string, actor: string): Promise<{ planned: number }> {
  const { q, stay, property, window, locks } = guestStay(deps, accountId, stayId);
  if (locks.length === 0) throw conflict("this property has no lock to put a code on");
  const now = deps.clock.now();
  const follow = new FollowUps();
  const ctx: PlanContext = { db: deps.db, box: deps.box, clock: deps.clock, now, follow, problems: [] };
  const planned = deps.db.transaction(() => {
    const held = [...q.liveGuestCodes.all({ stayId: stay.id }), ...locks.flatMap((l) => q.assignedBackups.all({ lockId: l.id, stayId: stay.id }))];
    for (const code of held) retireCode(ctx, code);
    // The retired codes still occupy their locks (revoking) over this window, so choosePin cannot hand their PIN back.
    let pin: string | undefined;
    let count = 0;
    for (const lock of locks) {
      const id = planNewCode(ctx, { lock, purpose: "guest", window, length: property.codeLength, programLeadMinutes: property.programLeadMinutes, preferred: pin, stayId: stay.id, propertyId: property.id });
      if (!id) continue;
      count++;
      pin ??= openPin(deps.box, loadCode(deps.db, id)!.code);
    }
    deps.db.update(stays).set({ pinGeneration: stay.pinGeneration + 1, updatedAt: now }).where(eq(stays.id, stay.id)).run();
    recordAudit(deps.db, deps.clock, { accountId, actor, action: "stay.pin_regenerated", subjectType: "stay", subjectId: stay.id, detail: { retired: held.length, planned: count } });
    return count;
  });
  await follow.run(deps);
  await withdrawGuestMessages(deps, stay.id, "the host gave the guest a new PIN");
  if (ctx.problems.length > 0) throw conflict(`no new PIN could be planned on ${ctx.problems.map((p) => p.lock.name).join(", ")}: ${ctx.problems[0]!.reason}`);
  return { planned };
}

export interface ProgramNowOutcome {
  /** Codes whose program job was asked for now (or, on a slot lock, for the window's start). */
  queued: number;
  /** Of those, the ones a slot lock only takes at the window's start. */
  atWindowStart: number;
  /** Codes already on the lock or being set. */
  alreadyOn: number;
}

/**
 * The host's "program now": the stay's codes are brought in line with it first (a lock whose code failed gets a new
 * one, with the same PIN), then every planned one gets its program job at once, instead of at the property's lead
 * before check-in. A slot lock holds no schedule, so its code still waits for the window's start.
 */
export async function programStayCodesNow(deps: ServiceDeps, accountId: string, stayId: string, actor: string): Promise<ProgramNowOutcome> {
  const { q, stay, locks } = guestStay(deps, accountId, stayId);
  await planStayAccess(deps, stay.id);
  const now = deps.clock.now();
  const follow = new FollowUps();
  const outcome: ProgramNowOutcome = { queued: 0, atWindowStart: 0, alreadyOn: 0 };
  deps.db.transaction(() => {
    for (const code of q.liveGuestCodes.all({ stayId: stay.id }).filter((c) => isLive(c.state))) {
      if (code.state !== "planned") {
        outcome.alreadyOn++;
        continue;
      }
      const lock = locks.find((l) => l.id === code.lockId);
      if (!lock) continue;
      const at = programNowAt({ from: code.validFrom, to: code.validTo }, scheduling(lock), now);
      const version = updateCode(deps.db, deps.clock, code, { programAt: at }, { bump: true });
      if (version === null) continue;
      follow.program({ id: code.id, version }, at);
      outcome.queued++;
      if (at.getTime() > now.getTime()) outcome.atWindowStart++;
    }
    recordAudit(deps.db, deps.clock, { accountId, actor, action: "stay.program_now", subjectType: "stay", subjectId: stay.id, detail: { ...outcome } });
  });
  await follow.run(deps);
  return outcome;
}
