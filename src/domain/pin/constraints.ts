/**
 * What a lock demands of a PIN, modelled on Seam's `code_constraints` so the Seam adapter maps 1:1 and
 * other adapters (Home Assistant, simulated) describe their locks in the same words.
 */
export const LOCK_CONSTRAINT_RULES = [
  "no_zeros",
  "cannot_start_with_12",
  "no_triple_consecutive_ints",
  "cannot_specify_pin_code",
  "no_ascending_or_descending_sequence",
  "at_least_three_unique_digits",
  "cannot_contain_089",
  "cannot_contain_0789",
  "unique_first_four_digits",
] as const;

export type LockConstraintRule = (typeof LOCK_CONSTRAINT_RULES)[number];

export interface PinConstraints {
  /** Seam-style rule names the lock enforces. */
  rules?: readonly LockConstraintRule[];
  /** Seam `supported_code_lengths`; absent means any length we allow (4–8). */
  supportedLengths?: readonly number[];
  /** `pin_code_length_requirement`: inclusive bounds some locks state instead of a list. */
  minLength?: number;
  maxLength?: number;
}

/** Our own floor and ceiling: shorter is guessable, longer is more than guests will type. */
export const MIN_PIN_LENGTH = 4;
export const MAX_PIN_LENGTH = 8;
export const DEFAULT_PIN_LENGTH = 6;

export function hasRule(constraints: PinConstraints, rule: LockConstraintRule): boolean {
  return constraints.rules?.includes(rule) ?? false;
}

/** Lengths both we and the lock accept, ascending. */
export function allowedLengths(constraints: PinConstraints): number[] {
  const out: number[] = [];
  for (let n = MIN_PIN_LENGTH; n <= MAX_PIN_LENGTH; n++) {
    if (constraints.supportedLengths && constraints.supportedLengths.length > 0 && !constraints.supportedLengths.includes(n)) continue;
    if (constraints.minLength !== undefined && n < constraints.minLength) continue;
    if (constraints.maxLength !== undefined && n > constraints.maxLength) continue;
    out.push(n);
  }
  return out;
}

/** The wanted length if the lock takes it, else the nearest allowed one (ties go longer: more entropy). */
export function chooseLength(wanted: number, constraints: PinConstraints): number | undefined {
  const lengths = allowedLengths(constraints);
  let best: number | undefined;
  for (const n of lengths) {
    if (best === undefined) best = n;
    const d = Math.abs(n - wanted);
    const bd = Math.abs(best - wanted);
    if (d < bd || (d === bd && n > best)) best = n;
  }
  return best;
}

/** Some locks (Lockly) pick the code themselves; the planner must then take the provider's PIN. */
export function canSpecifyPin(constraints: PinConstraints): boolean {
  return !hasRule(constraints, "cannot_specify_pin_code");
}

/** Digits a PIN may use on this lock; drawing from this alphabet avoids hopeless rejection loops. */
export function allowedDigits(constraints: PinConstraints): string[] {
  let banned = "";
  if (hasRule(constraints, "no_zeros")) banned += "0";
  if (hasRule(constraints, "cannot_contain_089")) banned += "089";
  if (hasRule(constraints, "cannot_contain_0789")) banned += "0789";
  return "0123456789".split("").filter((d) => !banned.includes(d));
}
