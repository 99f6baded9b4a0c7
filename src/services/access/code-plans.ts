import type { Db } from "../../db/client";
import { isLive, programAt, sameWindow, type CodeWindow } from "../../domain/access";
import { PinGenerationError } from "../../domain/pin";
import type { Clock } from "../../lib/clock";
import type { SecretBox } from "../../lib/crypto";
import { newId } from "../../lib/ids";
import type { LockRow } from "../deps";
import { accessQueries } from "./access-queries";
import { choosePin, pinProblemOn, pinRecord } from "./choose-pin";
import { insertCodeRow } from "./code-writes";
import { codePinAd, openPin, updateCode, type CodeRow } from "./code-records";
import type { FollowUps } from "./code-follow-ups";

export interface PlanContext {
  db: Db;
  box: SecretBox;
  clock: Clock;
  now: Date;
  follow: FollowUps;
  /** Why a code could not be planned, for alerts raised after the transaction. */
  problems: Array<{ lock: LockRow; codeId?: string; reason: string }>;
}

export const scheduling = (lock: Pick<LockRow, "nativeSchedules">) => (lock.nativeSchedules ? "native" : "slots") as "native" | "slots";

export interface NewCode {
  lock: LockRow;
  purpose: "guest" | "cleaner" | "backup" | "grant";
  window: CodeWindow;
  length: number;
  programLeadMinutes: number;
  preferred?: string | undefined;
  /** This PIN and no other (a grant's one PIN): no code is planned when the lock's rules or another code refuse it. */
  exactPin?: string;
  /** The property the code serves; a shared lock serves several (defaults to the lock's own). */
  propertyId?: string;
  stayId?: string;
  turnoverId?: string;
  contactId?: string;
  grantId?: string;
  oneTimeUse?: boolean;
}

/** Inserts a planned code with a fresh PIN and asks for its program job; null when no PIN can be had on this lock. */
export function planNewCode(ctx: PlanContext, spec: NewCode): string | null {
  let chosen;
  try {
    if (spec.exactPin !== undefined) {
      const problem = pinProblemOn(ctx.db, ctx.box, { lock: spec.lock, window: spec.window }, spec.exactPin, { grantId: spec.grantId });
      if (problem) {
        ctx.problems.push({ lock: spec.lock, reason: `the grant's PIN cannot go on this lock (${problem.reason})` });
        return null;
      }
      chosen = pinRecord(ctx.box, spec.lock.id, spec.exactPin);
    } else {
      chosen = choosePin(ctx.db, ctx.box, { lock: spec.lock, window: spec.window, length: spec.length, preferred: spec.preferred });
    }
  } catch (e) {
    if (!(e instanceof PinGenerationError)) throw e;
    ctx.problems.push({ lock: spec.lock, reason: `no PIN available on this lock (${e.reason})` });
    return null;
  }
  const id = newId("code");
  const at = programAt(spec.window, scheduling(spec.lock), spec.programLeadMinutes, ctx.now);
  insertCodeRow(ctx.db, {
    id,
    accountId: spec.lock.accountId,
    propertyId: spec.propertyId ?? spec.lock.propertyId,
    lockId: spec.lock.id,
    purpose: spec.purpose,
    stayId: spec.stayId ?? null,
    turnoverId: spec.turnoverId ?? null,
    contactId: spec.contactId ?? null,
    grantId: spec.grantId ?? null,
    oneTimeUse: spec.oneTimeUse ?? false,
    pinEnc: ctx.box.encrypt(chosen.pin, codePinAd(id)),
    pinHash: chosen.pinHash,
    pinPrefixHash: chosen.pinPrefixHash,
    pinLength: chosen.pinLength,
    validFrom: spec.window.from,
    validTo: spec.window.to,
    state: "planned",
    programAt: at,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  });
  ctx.follow.program({ id, version: 1 }, at);
  return id;
}

/**
 * Moves a live code to a new window with the SAME PIN (DESIGN invariant 2). A code already on a native-schedule
 * lock gets a program job that pushes the new window to the lock; the version bump makes every job queued for the
 * old window stale. Returns true when anything changed.
 */
export function moveCode(ctx: PlanContext, code: CodeRow, lock: LockRow, window: CodeWindow, programLeadMinutes: number): boolean {
  if (sameWindow({ from: code.validFrom, to: code.validTo }, window)) return false;
  if (code.state === "planned") {
    const at = programAt(window, scheduling(lock), programLeadMinutes, ctx.now);
    const version = updateCode(ctx.db, ctx.clock, code, { validFrom: window.from, validTo: window.to, programAt: at }, { bump: true });
    if (version !== null) ctx.follow.program({ id: code.id, version }, at);
    return version !== null;
  }
  const version = updateCode(ctx.db, ctx.clock, code, { validFrom: window.from, validTo: window.to }, { bump: true });
  if (version === null) return false;
  if (lock.nativeSchedules) ctx.follow.program({ id: code.id, version }, ctx.now);
  if (code.state === "programming") ctx.follow.verify({ id: code.id, version }, ctx.now);
  if (code.state === "active") ctx.follow.revoke({ id: code.id, version }, window.to);
  return true;
}

/** Takes a code out of service: never programmed → cancelled; possibly on the lock → revoking, removed now. */
export function retireCode(ctx: PlanContext, code: CodeRow): boolean {
  if (code.state === "planned") return updateCode(ctx.db, ctx.clock, code, { state: "cancelled" }, { bump: true }) !== null;
  if (code.state === "programming" || code.state === "active" || (code.state === "failed" && code.providerCodeId)) {
    const version = updateCode(ctx.db, ctx.clock, code, { state: "revoking" }, { bump: true });
    if (version !== null) ctx.follow.revoke({ id: code.id, version }, ctx.now);
    return version !== null;
  }
  return false;
}

/**
 * The PIN a holder already has at this property (same door first), so it is offered again rather than a new one.
 * A cleaner's codes are looked up lock by lock over the property's locks (a lock never changes property), which an
 * index serves; there is none on property + contact.
 */
export function existingPin(
  ctx: PlanContext,
  where: { stayId: string; propertyId: string; lockId: string } | { contactId: string; propertyLocks: Pick<LockRow, "id">[]; lockId: string },
): string | undefined {
  const q = accessQueries(ctx.db);
  const rows = "stayId" in where
    ? q.guestPins.all({ propertyId: where.propertyId, stayId: where.stayId })
    : where.propertyLocks.flatMap((l) => q.cleanerPinsOnLock.all({ lockId: l.id, contactId: where.contactId }))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()).slice(0, 20);
  const pick = rows.find((r) => r.lockId === where.lockId) ?? rows[0];
  return pick ? openPin(ctx.box, pick) : undefined;
}

export const liveCodes = (codes: CodeRow[]) => codes.filter((c) => isLive(c.state));
