import { describe, expect, it } from "vitest";
import { pinViolations } from "./pin-violations";
import { looksLikeDate } from "./date-like";

describe("pinViolations", () => {
  it("accepts an unremarkable PIN", () => {
    expect(pinViolations("482913")).toEqual([]);
    expect(pinViolations("8305")).toEqual([]);
  });

  it("names each structural weakness", () => {
    expect(pinViolations("7777")).toContain("all_same");
    expect(pinViolations("3456")).toContain("sequence");
    expect(pinViolations("9876")).toContain("sequence");
    expect(pinViolations("901234")).toContain("sequence");
    expect(pinViolations("765432")).toContain("sequence");
    expect(pinViolations("4747")).toContain("repeated_pattern");
    expect(pinViolations("383838")).toContain("repeated_pattern");
    expect(pinViolations("857857")).toContain("repeated_pattern");
    expect(pinViolations("2580")).toContain("common_pin");
    expect(pinViolations("147258")).toContain("common_pin");
  });

  it("does not treat a wrap from 9 to 0 as a sequence", () => {
    expect(pinViolations("8901")).not.toContain("sequence");
  });

  it("refuses years, birthdays and anniversaries", () => {
    for (const pin of ["1987", "2024", "0704", "3112", "070485", "311299", "850704", "071985", "19850704", "07041985"]) {
      expect(looksLikeDate(pin), pin).toBe(true);
      expect(pinViolations(pin), pin).toContain("date_like");
    }
    expect(looksLikeDate("4839")).toBe(false);
    expect(looksLikeDate("483951")).toBe(false);
  });

  it("refuses non-digits and lengths outside 4 to 8 or the lock's list", () => {
    expect(pinViolations("12a4")).toEqual(["format"]);
    expect(pinViolations("")).toEqual(["format"]);
    expect(pinViolations("482")).toContain("length");
    expect(pinViolations("482913475")).toContain("length");
    expect(pinViolations("482913", { supportedLengths: [4] })).toContain("length");
    expect(pinViolations("48291", { minLength: 6, maxLength: 8 })).toContain("length");
  });

  it("honours each lock constraint by its Seam name", () => {
    const v = pinViolations;
    expect(v("480913", { rules: ["no_zeros"] })).toContain("no_zeros");
    expect(v("128493", { rules: ["cannot_start_with_12"] })).toContain("cannot_start_with_12");
    expect(v("481239", { rules: ["no_triple_consecutive_ints"] })).toContain("no_triple_consecutive_ints");
    expect(v("483219", { rules: ["no_triple_consecutive_ints"] })).toContain("no_triple_consecutive_ints");
    expect(v("485559", { rules: ["no_triple_consecutive_ints"] })).toContain("no_triple_consecutive_ints");
    expect(v("2468", { rules: ["no_ascending_or_descending_sequence"] })).toContain("no_ascending_or_descending_sequence");
    expect(v("495678", { rules: ["no_ascending_or_descending_sequence"] })).toContain("no_ascending_or_descending_sequence");
    expect(v("445544", { rules: ["at_least_three_unique_digits"] })).toContain("at_least_three_unique_digits");
    expect(v("473916", { rules: ["cannot_contain_089"] })).toContain("cannot_contain_089");
    expect(v("473716", { rules: ["cannot_contain_0789"] })).toContain("cannot_contain_0789");
    expect(v("473516", { rules: ["cannot_specify_pin_code"] })).toContain("cannot_specify_pin_code");
    expect(v("463516", { rules: ["no_zeros", "cannot_contain_0789", "at_least_three_unique_digits"] })).toEqual([]);
  });
});
