import type Database from "better-sqlite3";
import type { Db } from "../../db/client";
import { preparedOnce } from "../../db/prepared-once";
import { OCCUPYING_CODE_STATES, type CodeWindow } from "../../domain/access";
import { generatePin, hasRule, PinGenerationError, pinViolations, type PinConstraints } from "../../domain/pin";
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
  return { ...pinRecord(box, req.lock.id, pin), source };
}

/** The stored form of a PIN on a lock: its keyed hashes (uniqueness is checked on these) and length. */
export function pinRecord(box: SecretBox, lockId: string, pin: string): ChosenPin {
  return { pin, source: "preferred", pinLength: pin.length, pinHash: pinHashFor(box, lockId, pin), pinPrefixHash: pinPrefixHashFor(box, lockId, pin) };
}

/** One lock and the window a code would hold on it. */
export interface PinSpan {
  lock: LockRow;
  window: CodeWindow;
}

export interface PinProblem {
  lock: LockRow;
  kind: "rules" | "taken";
  reason: string;
}

/**
 * Why this PIN cannot go on this lock over this window, or null when it can: the PIN policy and the lock's own rules
 * (pinViolations), then uniqueness among the codes overlapping the window on the lock (and unique first four digits
 * where the lock demands them), on keyed hashes. A grant's own codes do not count against it (`grantId`).
 */
export function pinProblemOn(db: Db, box: SecretBox, span: PinSpan, pin: string, opts: { grantId?: string | undefined } = {}): PinProblem | null {
  const constraints = lockPinConstraints(span.lock);
  const broken = pinViolations(pin, constraints);
  if (broken.length > 0) return { lock: span.lock, kind: "rules", reason: `breaks ${broken.join(", ")}` };
  const taken = takenByOthers(db.$client).all(span.lock.id, span.window.to.getTime(), span.window.from.getTime(), opts.grantId ?? "") as Array<[string, string | null]>;
  if (taken.some((t) => t[0] === pinHashFor(box, span.lock.id, pin))) return { lock: span.lock, kind: "taken", reason: "another code on the lock uses it at the same time" };
  if (hasRule(constraints, "unique_first_four_digits") && taken.some((t) => t[1] === pinPrefixHashFor(box, span.lock.id, pin))) {
    return { lock: span.lock, kind: "taken", reason: "another code on the lock starts with the same four digits" };
  }
  return null;
}

/**
 * One PIN that fits every span (a grant's PIN is the same on every lock and every occurrence): drawn by the same policy
 * as guests' codes, against the first lock's rules, and kept only if it passes every lock. Throws PinGenerationError
 * when none is found.
 */
export function choosePinForSpans(db: Db, box: SecretBox, spans: PinSpan[], length: number, opts: { grantId?: string } = {}): string {
  const first = spans[0];
  if (!first) throw new PinGenerationError("no_supported_length");
  for (let attempt = 0; attempt < 50; attempt++) {
    const { pin } = generatePin({
      length,
      constraints: lockPinConstraints(first.lock),
      isTaken: (candidate) => spans.some((s) => pinProblemOn(db, box, s, candidate, opts) !== null),
    });
    if (spans.every((s) => pinProblemOn(db, box, s, pin, opts) === null)) return pin;
  }
  throw new PinGenerationError("exhausted", 50);
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

/** Like takenHashes, but leaving out one grant's own codes (its PIN is the same on all of them). */
const takenByOthers = preparedOnce((sqlite: Database.Database): Database.Statement => {
  const states = OCCUPYING_CODE_STATES.map((s) => `'${s}'`).join(", ");
  return sqlite.prepare(
    `select pin_hash, pin_prefix_hash from access_codes where lock_id = ? and state in (${states}) and valid_from < ? and valid_to > ? and (grant_id is null or grant_id <> ?)`,
  ).raw(true);
});
