import { describe, expect, it } from "vitest";
import { matchesLast4, normalGuestPhone } from "./guest-phone";

describe("normalGuestPhone", () => {
  it("reads a number typed with spaces, brackets and dashes as E.164", () => {
    expect(normalGuestPhone(" +1 (415) 555-0123 ")).toBe("+14155550123");
  });
  it("reads the 00 international prefix as +", () => {
    expect(normalGuestPhone("0044 7700 900123")).toBe("+447700900123");
  });
  it("refuses a number without its country code and anything that is not a number", () => {
    expect(normalGuestPhone("415 555 0123")).toBeNull();
    expect(normalGuestPhone("+1 call me")).toBeNull();
    expect(normalGuestPhone("+0123456789")).toBeNull();
  });
});

describe("matchesLast4", () => {
  it("compares only the last four digits", () => {
    expect(matchesLast4("+14155550123", "0123")).toBe(true);
    expect(matchesLast4("+14155550124", "0123")).toBe(false);
  });
});
