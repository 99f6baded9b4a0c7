import { randomInt } from "node:crypto";
import {
  DEFAULT_PIN_LENGTH,
  allowedDigits,
  canSpecifyPin,
  chooseLength,
  hasRule,
  type PinConstraints,
} from "./constraints";
import { pinViolations } from "./pin-violations";

/** Returns an integer in [0, maxExclusive). Defaults to `crypto.randomInt`; tests inject a seeded one. */
export type RandomInt = (maxExclusive: number) => number;

export interface GeneratePinOptions {
  /** Wanted length (default 6); the nearest length the lock supports is used when it differs. */
  length?: number;
  constraints?: PinConstraints;
  random?: RandomInt;
  /**
   * True when an overlapping code on the same lock already uses this PIN. The DB layer answers it from
   * the keyed-hash index, so no PIN is ever decrypted to check uniqueness.
   */
  isTaken?: (pin: string) => boolean;
  /** Only consulted when the lock has `unique_first_four_digits`: true when another code starts the same. */
  isFirstFourTaken?: (firstFour: string) => boolean;
  /** E.g. the last 4 of the guest's phone: used as-is when the lock allows its length and every rule passes. */
  preferred?: string;
  /** Random draws before giving up (default 200). */
  maxAttempts?: number;
}

export type PinGenerationFailure = "cannot_specify_pin_code" | "no_supported_length" | "exhausted";

/** Typed so the planner can tell "pick another lock strategy" from "this lock is full of codes". */
export class PinGenerationError extends Error {
  override readonly name = "PinGenerationError";
  constructor(
    readonly reason: PinGenerationFailure,
    readonly attempts = 0,
  ) {
    super(`Could not generate a PIN: ${reason}${attempts ? ` after ${attempts} attempts` : ""}`);
  }
}

export type PinSource = "preferred" | "random";

export interface GeneratedPin {
  pin: string;
  source: PinSource;
}

function acceptable(pin: string, opts: GeneratePinOptions, constraints: PinConstraints): boolean {
  if (pinViolations(pin, constraints).length > 0) return false;
  if (opts.isTaken?.(pin)) return false;
  if (hasRule(constraints, "unique_first_four_digits") && opts.isFirstFourTaken?.(pin.slice(0, 4))) return false;
  return true;
}

/** A PIN that obeys our policy and the lock's constraints and is unique on the lock, or a typed error. */
export function generatePin(opts: GeneratePinOptions = {}): GeneratedPin {
  const constraints = opts.constraints ?? {};
  if (!canSpecifyPin(constraints)) throw new PinGenerationError("cannot_specify_pin_code");
  const length = chooseLength(opts.length ?? DEFAULT_PIN_LENGTH, constraints);
  if (length === undefined) throw new PinGenerationError("no_supported_length");

  if (opts.preferred !== undefined && acceptable(opts.preferred, opts, constraints)) {
    return { pin: opts.preferred, source: "preferred" };
  }

  const random = opts.random ?? ((max: number) => randomInt(max));
  const digits = allowedDigits(constraints);
  const maxAttempts = opts.maxAttempts ?? 200;
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    let pin = "";
    for (let i = 0; i < length; i++) pin += digits[random(digits.length)];
    if (acceptable(pin, opts, constraints)) return { pin, source: "random" };
  }
  throw new PinGenerationError("exhausted", maxAttempts);
}
