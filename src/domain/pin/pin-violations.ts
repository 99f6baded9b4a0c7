import { COMMON_PINS } from "./common-pins";
import { allowedLengths, hasRule, type LockConstraintRule, type PinConstraints } from "./constraints";
import { looksLikeDate } from "./date-like";

/** Our own rules: what makes a PIN guessable whatever the lock says. */
export type PolicyRule =
  | "format"
  | "length"
  | "all_same"
  | "sequence"
  | "repeated_pattern"
  | "date_like"
  | "common_pin";

export type PinRule = PolicyRule | LockConstraintRule;

/** Longest run of digits stepping by +1 (dir 1) or -1 (dir -1), no wrap from 9 to 0. */
function longestRun(pin: string, dir: 1 | -1): number {
  let best = 1;
  let run = 1;
  for (let i = 1; i < pin.length; i++) {
    run = Number(pin[i]) - Number(pin[i - 1]) === dir ? run + 1 : 1;
    if (run > best) best = run;
  }
  return best;
}

function isArithmetic(pin: string, step: number): boolean {
  for (let i = 1; i < pin.length; i++) if (Number(pin[i]) - Number(pin[i - 1]) !== step) return false;
  return true;
}

/** 1212, 121212, 123123, 12341234: a shorter unit repeated to fill the PIN. */
function isRepeatedUnit(pin: string): boolean {
  for (let unit = 2; unit <= pin.length / 2; unit++) {
    if (pin.length % unit !== 0) continue;
    const head = pin.slice(0, unit);
    if (head.repeat(pin.length / unit) === pin) return true;
  }
  return false;
}

function hasTripleRun(pin: string): boolean {
  return longestRun(pin, 1) >= 3 || longestRun(pin, -1) >= 3;
}

/**
 * Every rule this PIN breaks, by name; empty means acceptable. Uniqueness against other codes on the
 * lock (including `unique_first_four_digits`) needs the lock's other codes, so `generatePin` checks it
 * through its callbacks rather than here.
 */
export function pinViolations(pin: string, constraints: PinConstraints = {}): PinRule[] {
  if (!/^\d+$/.test(pin)) return ["format"];
  const out: PinRule[] = [];
  if (!allowedLengths(constraints).includes(pin.length)) out.push("length");
  if (/^(\d)\1+$/.test(pin)) out.push("all_same");
  // A four-digit walk inside a longer PIN (xx1234, 987654) is as guessable as the walk alone.
  const runLimit = Math.min(4, pin.length);
  if (longestRun(pin, 1) >= runLimit || longestRun(pin, -1) >= runLimit) out.push("sequence");
  if (isRepeatedUnit(pin)) out.push("repeated_pattern");
  if (looksLikeDate(pin)) out.push("date_like");
  if (COMMON_PINS.has(pin)) out.push("common_pin");

  if (hasRule(constraints, "cannot_specify_pin_code")) out.push("cannot_specify_pin_code");
  if (hasRule(constraints, "no_zeros") && pin.includes("0")) out.push("no_zeros");
  if (hasRule(constraints, "cannot_start_with_12") && pin.startsWith("12")) out.push("cannot_start_with_12");
  // Seam documents "three consecutive integers"; we also refuse three equal digits, which those locks reject too.
  if (hasRule(constraints, "no_triple_consecutive_ints") && (hasTripleRun(pin) || /(\d)\1\1/.test(pin))) {
    out.push("no_triple_consecutive_ints");
  }
  if (
    hasRule(constraints, "no_ascending_or_descending_sequence") &&
    (hasTripleRun(pin) || [1, -1, 2, -2].some((s) => isArithmetic(pin, s)))
  ) {
    out.push("no_ascending_or_descending_sequence");
  }
  if (hasRule(constraints, "at_least_three_unique_digits") && new Set(pin).size < 3) out.push("at_least_three_unique_digits");
  if (hasRule(constraints, "cannot_contain_089") && /[089]/.test(pin)) out.push("cannot_contain_089");
  if (hasRule(constraints, "cannot_contain_0789") && /[0789]/.test(pin)) out.push("cannot_contain_0789");
  return out;
}

export function isPinAllowed(pin: string, constraints: PinConstraints = {}): boolean {
  return pinViolations(pin, constraints).length === 0;
}
