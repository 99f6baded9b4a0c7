import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { zoneOffsetMinutes } from "./zone-offset";

describe("zoneOffsetMinutes", () => {
  // Half-hour (Lord Howe) and 45-minute (Chatham) shifts, a zone that changed its rules mid-year, and an LMT era.
  const zones = ["America/New_York", "Europe/Berlin", "Australia/Sydney", "Australia/Lord_Howe", "Pacific/Chatham", "Africa/Casablanca", "Asia/Kathmandu"];

  it.each(zones)("agrees with luxon every few minutes around %s's 2026 transitions, cached or not", (zone) => {
    for (let day = Date.UTC(2026, 0, 1); day < Date.UTC(2027, 0, 1); day += 86_400_000) {
      const before = DateTime.fromMillis(day, { zone }).offset;
      const after = DateTime.fromMillis(day + 86_400_000, { zone }).offset;
      const step = before === after ? 5 * 3_600_000 + 59_000 : 7 * 60_000 + 1_000;
      for (let t = day; t < day + 86_400_000; t += step) {
        // Twice: the second answer comes from the per-hour cache.
        expect(zoneOffsetMinutes(t, zone)).toBe(DateTime.fromMillis(t, { zone }).offset);
        expect(zoneOffsetMinutes(t, zone)).toBe(DateTime.fromMillis(t, { zone }).offset);
      }
    }
  });

  it("is exact on both sides of a transition second", () => {
    const jump = Date.UTC(2026, 2, 8, 7, 0, 0); // 02:00 EST -> 03:00 EDT
    expect(zoneOffsetMinutes(jump - 1, "America/New_York")).toBe(-300);
    expect(zoneOffsetMinutes(jump, "America/New_York")).toBe(-240);
    expect(zoneOffsetMinutes(jump - 1, "America/New_York")).toBe(-300);
  });

  it("keeps luxon's fractional minutes for a local mean time and handles zones Intl does not know", () => {
    const lmt = Date.UTC(1850, 5, 1);
    expect(zoneOffsetMinutes(lmt, "America/New_York")).toBe(DateTime.fromMillis(lmt, { zone: "America/New_York" }).offset);
    expect(zoneOffsetMinutes(Date.UTC(2026, 0, 1), "UTC+11")).toBe(660);
  });
});
