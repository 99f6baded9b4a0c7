import { describe, expect, it } from "vitest";
import { localDateOf } from "../calendar/local-time";
import { daysBetween, localDayOf, showClock, showLocalDate, showTime, showWindow, zoneLabel, zoneName } from "./show-time";

const at = new Date("2026-11-25T16:00:00Z");

describe("showing a time", () => {
  it("uses the property's zone and one format per locale", () => {
    expect(showTime(at, { zone: "Europe/Lisbon", locale: "en-GB" })).toBe("Wed 25 Nov, 16:00 WET");
    expect(showTime(at, { zone: "America/New_York", locale: "en-US" })).toBe("Wed, Nov 25, 11:00 AM EST");
    expect(showTime(at, { zone: "Europe/Lisbon", locale: "pt-PT" })).toBe("quarta, 25/11, 16:00 WET");
  });

  it("names the zone only when it differs from the viewer's", () => {
    expect(showTime(at, { zone: "Europe/Lisbon", locale: "en-GB", viewerZone: "Europe/Lisbon" })).toBe("Wed 25 Nov, 16:00");
    expect(showClock(at, { zone: "Europe/Berlin", locale: "en-GB", viewerZone: "Europe/Lisbon" })).toBe("17:00 CET");
    expect(showWindow(at, new Date("2026-11-28T11:00:00Z"), { zone: "America/Los_Angeles", locale: "en-US", viewerZone: "America/Los_Angeles" })).toBe("Wed, Nov 25, 8:00 AM – Sat, Nov 28, 3:00 AM");
  });

  it("leaves out the end's date on the same day, and names zones readably", () => {
    expect(showWindow(at, new Date("2026-11-25T21:00:00Z"), { zone: "Europe/Lisbon", locale: "en-GB" })).toBe("Wed 25 Nov, 16:00 – 21:00 WET");
    expect(zoneLabel("America/Argentina/Buenos_Aires")).toBe("Buenos Aires time");
    // No "GMT+0" or "GMT+1": where the locale has no abbreviation for the zone, its city names it.
    expect(showTime(at, { zone: "Europe/Lisbon", locale: "en-US" })).toBe("Wed, Nov 25, 4:00 PM Lisbon time");
    expect(showTime(at, { zone: "Europe/Berlin", locale: "en-US" })).toBe("Wed, Nov 25, 5:00 PM Berlin time");
    expect(zoneName(new Date("2026-07-01T12:00:00Z"), "America/New_York", "en-US")).toBe("EDT");
    expect(zoneLabel("UTC")).toBe("UTC");
  });

  it("falls back to English for a locale Intl does not know, and never throws on one", () => {
    expect(showTime(at, { zone: "Europe/Lisbon", locale: "not a locale!", viewerZone: "Europe/Lisbon" })).toBe("Wed, Nov 25, 4:00 PM");
    expect(showLocalDate("2026-11-25", "en-GB")).toBe("Wed 25 Nov");
  });

  it("counts local days by the calendar, across a DST change", () => {
    // 2026-10-25 is 25 hours long in Lisbon.
    expect(localDateOf(new Date("2026-10-25T23:30:00Z"), "Europe/Lisbon")).toBe("2026-10-25");
    expect(localDateOf(new Date("2026-11-25T23:30:00Z"), "Asia/Tokyo")).toBe("2026-11-26");
    expect(daysBetween("2026-10-24", "2026-10-26")).toBe(2);
    expect(daysBetween("2026-03-28", "2026-03-30")).toBe(2);
    expect(daysBetween("2026-12-31", "2027-01-01")).toBe(1);
    for (const [at, zone] of [["2026-10-25T23:30:00Z", "Europe/Lisbon"], ["2026-11-25T23:30:00Z", "Asia/Tokyo"], ["2026-03-08T07:30:00Z", "America/New_York"], ["2026-06-01T00:00:00Z", "Pacific/Kiritimati"]] as const) {
      expect(localDayOf(new Date(at), zone)).toBe(localDateOf(new Date(at), zone));
    }
  });
});
