import { and, eq, gt, inArray, lt, ne } from "drizzle-orm";
import type { Db } from "../../db/client";
import { accessCodes } from "../../db/schema";
import { OCCUPYING_CODE_STATES, type CodeWindow } from "../../domain/access";
import { generatePin, type PinConstraints } from "../../domain/pin";
import type { SecretBox } from "../../lib/crypto";
import type { LockRow } from "../deps";
import { pinHashFor, pinPrefixHashFor } from "./code-records";

export interface ChosenPin {
  pin: string;
  pinHash: string;
  pinPrefixHash: string;
  pinLength: number;
  source: "preferred" | "random";
}

/** The lock's own rules as stored on its row (copied from the provider's capabilities by lock health). */
export function lockPinConstraints(lock: Pick<LockRow, "constraints" | "supportedCodeLengths">): PinConstraints {
  const stored = (lock.constraints ?? {}) as PinConstraints;
  const lengths = lock.supportedCodeLengths ?? stored.supportedLengths;
  return { ...stored, ...(lengths && lengths.length > 0 ? { supportedLengths: lengths } : {}) };
}

/**
 * A PIN for a new code on this lock over this window: policy and lock rules via generatePin, and unique among the
 * codes that overlap it on the same lock (DESIGN invariant 3), checked on keyed hashes so no PIN is decrypted.
 * `preferred` (the guest's phone last 4, the PIN this stay has on another door, a cleaner's personal PIN) wins
 * when it passes every rule.
 */
export function choosePin(
  db: Db,
  box: SecretBox,
  req: { lock: LockRow; window: CodeWindow; length: number; preferred?: string | undefined; excludeCodeId?: string },
): ChosenPin {
  const taken = db.select({ pinHash: accessCodes.pinHash, prefix: accessCodes.pinPrefixHash }).from(accessCodes)
    .where(and(
      eq(accessCodes.lockId, req.lock.id),
      inArray(accessCodes.state, [...OCCUPYING_CODE_STATES]),
      lt(accessCodes.validFrom, req.window.to),
      gt(accessCodes.validTo, req.window.from),
      req.excludeCodeId ? ne(accessCodes.id, req.excludeCodeId) : undefined,
    )).all();
  const hashes = new Set(taken.map((t) => t.pinHash));
  const prefixes = new Set(taken.map((t) => t.prefix).filter((p): p is string => p !== null));
  const { pin, source } = generatePin({
    length: req.length,
    constraints: lockPinConstraints(req.lock),
    isTaken: (candidate) => hashes.has(pinHashFor(box, req.lock.id, candidate)),
    isFirstFourTaken: (firstFour) => prefixes.has(pinPrefixHashFor(box, req.lock.id, firstFour)),
    ...(req.preferred ? { preferred: req.preferred } : {}),
  });
  return { pin, source, pinLength: pin.length, pinHash: pinHashFor(box, req.lock.id, pin), pinPrefixHash: pinPrefixHashFor(box, req.lock.id, pin) };
}
