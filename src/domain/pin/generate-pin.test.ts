import { describe, expect, it } from "vitest";
import { COMMON_PINS } from "./common-pins";
import type { PinConstraints } from "./constraints";
import { generatePin, PinGenerationError, type RandomInt } from "./generate-pin";
import { pinViolations } from "./pin-violations";

/** Seeded so a failing draw can be replayed. */
function seeded(seed: number): RandomInt {
  let a = seed >>> 0;
  return (max) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * max);
  };
}

const walks = (pin: string) => {
  const d = pin.split("").map(Number);
  const steps = d.slice(1).map((x, i) => x - (d[i] ?? 0));
  return steps.every((s) => s === 1) || steps.every((s) => s === -1);
};

/** Checks written independently of pinViolations, so a bug there cannot hide itself here. */
function assertObeys(pin: string, length: number, c: PinConstraints) {
  expect(pin).toMatch(new RegExp(`^\\d{${length}}$`));
  expect(new Set(pin).size).toBeGreaterThan(1);
  expect(walks(pin)).toBe(false);
  expect(COMMON_PINS.has(pin)).toBe(false);
  expect(pin.slice(0, pin.length / 2).repeat(2) === pin && pin.length % 2 === 0 && pin.length >= 4).toBe(false);
  if (length === 4) expect(/^(19|20)\d\d$/.test(pin)).toBe(false);
  const rules = c.rules ?? [];
  if (rules.includes("no_zeros")) expect(pin).not.toContain("0");
  if (rules.includes("cannot_start_with_12")) expect(pin.startsWith("12")).toBe(false);
  if (rules.includes("cannot_contain_089")) expect(pin).not.toMatch(/[089]/);
  if (rules.includes("cannot_contain_0789")) expect(pin).not.toMatch(/[0789]/);
  if (rules.includes("at_least_three_unique_digits")) expect(new Set(pin).size).toBeGreaterThanOrEqual(3);
  expect(pinViolations(pin, c)).toEqual([]);
}

const constraintSets: Array<[string, PinConstraints]> = [
  ["no lock constraints", {}],
  ["Nuki", { rules: ["no_zeros", "cannot_start_with_12"] }],
  ["Tedee", { rules: ["no_ascending_or_descending_sequence", "at_least_three_unique_digits"] }],
  ["Brivo", { rules: ["no_triple_consecutive_ints"] }],
  ["TTLock cylinder", { rules: ["cannot_contain_0789", "no_zeros"] }],
  ["everything at once", {
    rules: ["no_zeros", "cannot_start_with_12", "no_triple_consecutive_ints", "no_ascending_or_descending_sequence",
      "at_least_three_unique_digits", "cannot_contain_089"],
  }],
];

describe("generatePin", () => {
  for (const [label, constraints] of constraintSets) {
    for (const length of [4, 6, 8]) {
      it(`draws 1500 PINs of length ${length} that obey every rule (${label})`, () => {
        const random = seeded(length * 7919 + label.length);
        for (let i = 0; i < 1500; i++) {
          const { pin, source } = generatePin({ length, constraints, random });
          expect(source).toBe("random");
          assertObeys(pin, length, constraints);
        }
      });
    }
  }

  it("uses crypto randomness by default and spreads over the space", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 3000; i++) {
      const { pin } = generatePin();
      assertObeys(pin, 6, {});
      seen.add(pin);
    }
    expect(seen.size).toBeGreaterThan(2950);
  });

  it("falls back to the nearest length the lock supports", () => {
    expect(generatePin({ length: 6, constraints: { supportedLengths: [4, 5] } }).pin).toHaveLength(5);
    expect(generatePin({ length: 6, constraints: { minLength: 7, maxLength: 8 } }).pin).toHaveLength(7);
    expect(() => generatePin({ constraints: { supportedLengths: [3, 10] } })).toThrow(PinGenerationError);
  });

  it("uses the phone's last four when the lock allows four digits and the rules pass", () => {
    expect(generatePin({ preferred: "4831", constraints: { supportedLengths: [4, 6] } })).toEqual({ pin: "4831", source: "preferred" });
  });

  it("draws a random PIN instead of a phone's last four that breaks a rule, is taken or is too short for the lock", () => {
    expect(generatePin({ preferred: "1987" }).source).toBe("random");
    expect(generatePin({ preferred: "4830", constraints: { rules: ["no_zeros"] } }).source).toBe("random");
    expect(generatePin({ preferred: "4831", isTaken: (p) => p === "4831" }).source).toBe("random");
    const r = generatePin({ preferred: "4831", constraints: { supportedLengths: [6] } });
    expect(r.source).toBe("random");
    expect(r.pin).toHaveLength(6);
  });

  it("never returns a PIN another overlapping code on the lock holds", () => {
    const taken = new Set<string>();
    const random = seeded(42);
    // 4 digits with no zeros leaves a small space, so collisions are forced often.
    for (let i = 0; i < 800; i++) {
      const { pin } = generatePin({ length: 4, constraints: { rules: ["no_zeros"], supportedLengths: [4] }, random, isTaken: (p) => taken.has(p) });
      expect(taken.has(pin)).toBe(false);
      taken.add(pin);
    }
  });

  it("keeps first four digits unique when the lock requires it", () => {
    const firstFours = new Set<string>();
    const random = seeded(7);
    for (let i = 0; i < 300; i++) {
      const { pin } = generatePin({
        length: 6,
        constraints: { rules: ["unique_first_four_digits"] },
        random,
        isFirstFourTaken: (f) => firstFours.has(f),
      });
      expect(firstFours.has(pin.slice(0, 4))).toBe(false);
      firstFours.add(pin.slice(0, 4));
    }
  });

  it("gives up with a typed error when every candidate is taken", () => {
    try {
      generatePin({ isTaken: () => true, maxAttempts: 25 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PinGenerationError);
      expect((e as PinGenerationError).reason).toBe("exhausted");
      expect((e as PinGenerationError).attempts).toBe(25);
    }
  });

  it("refuses to pick a PIN for a lock that chooses its own", () => {
    expect(() => generatePin({ constraints: { rules: ["cannot_specify_pin_code"] } })).toThrow(/cannot_specify_pin_code/);
  });
});
