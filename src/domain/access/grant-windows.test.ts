import { describe, expect, it } from "vitest";
import { ALWAYS_UNTIL, grantWindows, isoWeekday } from "./grant-windows";

const iso = (d: Date) => d.toISOString();

describe("grantWindows", () => {
  it("keeps a weekly 08:00–12:00 at 08:00 Berlin time across the last Sunday of March", () => {
    // 2027-03-28 is the last Sunday of March: Berlin goes from UTC+1 to UTC+2. Tuesdays either side of it.
    const schedule = { kind: "recurring" as const, startsAt: new Date("2027-03-15T00:00:00Z"), endsAt: null, recurrence: { weekdays: [2], startTime: "08:00", endTime: "12:00" } };
    const windows = grantWindows(schedule, "Europe/Berlin", new Date("2027-03-20T00:00:00Z"), new Date("2027-04-01T00:00:00Z"));
    expect(windows.map((w) => [iso(w.from), iso(w.to)])).toEqual([
      ["2027-03-23T07:00:00.000Z", "2027-03-23T11:00:00.000Z"], // CET
      ["2027-03-30T06:00:00.000Z", "2027-03-30T10:00:00.000Z"], // CEST
    ]);
  });

  it("reads an occurrence on the changeover day itself in the new offset, and a time in the gap after it", () => {
    const sunday = { kind: "recurring" as const, startsAt: new Date("2027-03-01T00:00:00Z"), endsAt: null, recurrence: { weekdays: [7], startTime: "02:30", endTime: "04:00" } };
    const [w] = grantWindows(sunday, "Europe/Berlin", new Date("2027-03-27T12:00:00Z"), new Date("2027-03-29T00:00:00Z"));
    // 02:30 does not exist that night: it is read as 03:30 CEST (01:30Z); 04:00 CEST is 02:00Z.
    expect([iso(w!.from), iso(w!.to)]).toEqual(["2027-03-28T01:30:00.000Z", "2027-03-28T02:00:00.000Z"]);
  });

  it("ends a night window the next morning and honours the grant's first and last instants", () => {
    const nights = { kind: "recurring" as const, startsAt: new Date("2027-06-02T00:00:00Z"), endsAt: new Date("2027-06-05T00:00:00Z"), recurrence: { weekdays: [1, 2, 3, 4, 5, 6, 7], startTime: "22:00", endTime: "06:00" } };
    const windows = grantWindows(nights, "UTC", new Date("2027-06-01T00:00:00Z"), new Date("2027-06-10T00:00:00Z"));
    expect(windows.map((w) => [iso(w.from), iso(w.to)])).toEqual([
      ["2027-06-02T22:00:00.000Z", "2027-06-03T06:00:00.000Z"],
      ["2027-06-03T22:00:00.000Z", "2027-06-04T06:00:00.000Z"],
      ["2027-06-04T22:00:00.000Z", "2027-06-05T00:00:00.000Z"],
    ]);
  });

  it("gives a window grant its own window, an always grant one window to the far end, and nothing outside the range", () => {
    const from = new Date("2027-01-01T10:00:00Z");
    const to = new Date("2027-01-01T12:00:00Z");
    expect(grantWindows({ kind: "window", startsAt: from, endsAt: to, recurrence: null }, "UTC", new Date("2027-01-01T00:00:00Z"), new Date("2027-01-02T00:00:00Z"))).toEqual([{ from, to }]);
    expect(grantWindows({ kind: "window", startsAt: from, endsAt: to, recurrence: null }, "UTC", new Date("2027-01-01T12:00:00Z"), new Date("2027-01-02T00:00:00Z"))).toEqual([]);
    expect(grantWindows({ kind: "always", startsAt: from, endsAt: null, recurrence: null }, "UTC", from, to)).toEqual([{ from, to: ALWAYS_UNTIL }]);
  });

  it("numbers weekdays the ISO way", () => {
    expect([isoWeekday("2027-03-22"), isoWeekday("2027-03-28")]).toEqual([1, 7]);
  });
});
