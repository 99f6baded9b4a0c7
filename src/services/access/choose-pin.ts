import type Database from "better-sqlite3";
import type { Db } from "../../db/client";
import { preparedOnce } from "../../db/prepared-once";
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
  const taken = takenHashes(db.$client).all(req.lock.id, req.window.to.getTime(), req.window.from.getTime(), req.excludeCodeId ?? "") as Array<[string, string | null]>;
  const hashes = new Set(taken.map((t) => t[0]));
  const prefixes = new Set(taken.map((t) => t[1]).filter((p): p is string => p !== null));
  const { pin, source } = generatePin({
    length: req.length,
    constraints: lockPinConstraints(req.lock),
    isTaken: (candidate) => hashes.has(pinHashFor(box, req.lock.id, candidate)),
    isFirstFourTaken: (firstFour) => prefixes.has(pinPrefixHashFor(box, req.lock.id, firstFour)),
    ...(req.preferred ? { preferred: req.preferred } : {}),
  });
  return { pin, source, pinLength: pin.length, pinHash: pinHashFor(box, req.lock.id, pin), pinPrefixHash: pinPrefixHashFor(box, req.lock.id, pin) };
}

/**
 * Hashes held by codes overlapping a window on one lock. A raw prepared statement: a busy lock holds thousands of
 * codes and this runs for every new one, where mapping each row through the ORM would dominate planning time.
 */
const takenHashes = preparedOnce((sqlite: Database.Database): Database.Statement => {
  const states = OCCUPYING_CODE_STATES.map((s) => `'${s}'`).join(", ");
  return sqlite.prepare(
    `select pin_hash, pin_prefix_hash from access_codes where lock_id = ? and state in (${states}) and valid_from < ? and valid_to > ? and id <> ?`,
  ).raw(true);
});
