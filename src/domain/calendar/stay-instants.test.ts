import { describe, expect, it } from "vitest";
import { isValidTimezone, localToInstant } from "./local-time";
import { stayInstants } from "./stay-instants";

const at = (iso: string) => new Date(iso);

describe("localToInstant across DST", () => {
  it.each([
    // Spring forward: 02:30 does not exist; shifted forward by the gap to 03:30 local.
    ["America/New_York", "2026-03-08", "02:30", "2026-03-08T07:30:00Z"],
    ["Europe/Berlin", "2026-03-29", "02:30", "2026-03-29T01:30:00Z"],
    ["Australia/Sydney", "2026-10-04", "02:30", "2026-10-03T16:30:00Z"],
    // Fall back: the hour repeats; the first occurrence (still on summer time) is taken.
    ["America/New_York", "2026-11-01", "01:30", "2026-11-01T05:30:00Z"],
    ["Europe/Berlin", "2026-10-25", "02:30", "2026-10-25T00:30:00Z"],
    ["Australia/Sydney", "2026-04-05", "02:30", "2026-04-04T15:30:00Z"],
    // Ordinary times on the transition days keep their local hour.
    ["America/New_York", "2026-03-08", "16:00", "2026-03-08T20:00:00Z"],
    ["Europe/Berlin", "2026-10-25", "11:00", "2026-10-25T10:00:00Z"],
    ["Australia/Sydney", "2026-10-04", "15:00", "2026-10-04T04:00:00Z"],
  ])("%s %s %s -> %s", (zone, date, time, expected) => {
    expect(localToInstant(date, time, zone).toISOString()).toBe(new Date(expected).toISOString());
  });

  it("refuses an unknown zone rather than falling back to UTC", () => {
    expect(() => localToInstant("2026-01-01", "16:00", "Mars/Olympus")).toThrow(/unknown time zone/);
    expect(isValidTimezone("Europe/Berlin")).toBe(true);
    expect(isValidTimezone("Mars/Olympus")).toBe(false);
  });
});

describe("stayInstants", () => {
  const berlin = { timezone: "Europe/Berlin", checkInTime: "16:00", checkOutTime: "11:00" };

  it("places all-day dates at the property's check-in and checkout times in its zone, across a DST change", () => {
    const times = stayInstants({ start: { type: "date", date: "2026-03-27" }, end: { type: "date", date: "2026-03-30" } }, berlin);
    expect(times).toEqual({ checkInDate: "2026-03-27", checkOutDate: "2026-03-30", checkInAt: at("2026-03-27T15:00:00Z"), checkOutAt: at("2026-03-30T09:00:00Z") });
  });

  it("keeps the instants of zoned DATE-TIMEs (a published late checkout wins)", () => {
    const times = stayInstants({ start: { type: "instant", at: at("2026-07-01T12:00:00Z") }, end: { type: "instant", at: at("2026-07-04T12:00:00Z") } }, berlin);
    expect(times).toEqual({ checkInDate: "2026-07-01", checkOutDate: "2026-07-04", checkInAt: at("2026-07-01T12:00:00Z"), checkOutAt: at("2026-07-04T12:00:00Z") });
  });

  it("reads floating times in X-WR-TIMEZONE when given, else in the property's zone", () => {
    const event = { start: { type: "floating", local: "2026-07-01T15:00:00" }, end: { type: "floating", local: "2026-07-03T10:00:00" } } as const;
    expect(stayInstants(event, berlin, "America/New_York").checkInAt).toEqual(at("2026-07-01T19:00:00Z"));
    expect(stayInstants(event, berlin).checkInAt).toEqual(at("2026-07-01T13:00:00Z"));
    expect(stayInstants(event, berlin, "Not/AZone").checkInAt).toEqual(at("2026-07-01T13:00:00Z"));
  });

  it("maps a 02:30 check-in on Sydney's spring-forward day to 03:30 local", () => {
    const sydney = { timezone: "Australia/Sydney", checkInTime: "02:30", checkOutTime: "10:00" };
    const times = stayInstants({ start: { type: "date", date: "2026-10-04" }, end: { type: "date", date: "2026-10-06" } }, sydney);
    expect(times.checkInAt).toEqual(at("2026-10-03T16:30:00Z"));
    expect(times.checkOutAt).toEqual(at("2026-10-05T23:00:00Z"));
  });
});
