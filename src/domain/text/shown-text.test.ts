import { describe, expect, it } from "vitest";
import { hasUnshownCharacters, shownName } from "./shown-text";

describe("shown text", () => {
  it("flags control characters and bidi overrides, not scripts, marks or emoji", () => {
    for (const bad of ["a\nb", "a\rb", "a\tb", "a\u0000", "\u007f", "a\u0085b", "x \u202egnp.exe", "\u202dx"]) expect(hasUnshownCharacters(bad), JSON.stringify(bad)).toBe(true);
    for (const good of ["Loft 3B", "شقة البحر\u200F", "Müller – 🏖️", "李小龙", "O'Brien-Smith"]) expect(hasUnshownCharacters(good), good).toBe(false);
  });

  it("turns them into single spaces in a name read from a calendar, and nothing left is no name", () => {
    expect(shownName("Ana\u202e \u0007 Lopez\n")).toBe("Ana Lopez");
    expect(shownName("  Ana  Lopez ")).toBe("Ana Lopez");
    expect(shownName("\u0000\u202e ")).toBeUndefined();
    expect(shownName("شقة البحر\u200F")).toBe("شقة البحر\u200F");
  });
});
