import { describe, expect, it } from "vitest";
import { localToInstant } from "../calendar/local-time";
import { dayIndexOf, monthFrame, monthOf, parseMonth, shiftMonth } from "./month-frame";
import { intoLanes, layoutMonth, placeSpan } from "./month-layout";

const at = (date: string, time: string, zone: string) => localToInstant(date, time, zone);
const HOUR = 3_600_000;

describe("monthFrame", () => {
  it("has one day per local date, each from local midnight to the next", () => {
    const f = monthFrame("2026-02", "Europe/Lisbon");
    expect(f.days).toHaveLength(28);
    expect(f.days[0]).toMatchObject({ date: "2026-02-01", day: 1, weekday: 7 });
    expect(f.start).toEqual(at("2026-02-01", "00:00", "Europe/Lisbon"));
    expect(f.end).toEqual(at("2026-03-01", "00:00", "Europe/Lisbon"));
    expect(monthFrame("2028-02", "UTC").days).toHaveLength(29);
  });

  it("makes the spring-forward day 23 hours and the fall-back day 25 in New York", () => {
    const march = monthFrame("2026-03", "America/New_York");
    const length = (d: { start: Date; end: Date }) => (d.end.getTime() - d.start.getTime()) / HOUR;
    expect(length(march.days[7]!)).toBe(23); // Sunday 8 March 2026
    expect(march.days.filter((d) => length(d) !== 24).map((d) => d.date)).toEqual(["2026-03-08"]);
    const november = monthFrame("2026-11", "America/New_York");
    expect(november.days.filter((d) => length(d) !== 24).map((d) => [d.date, length(d)])).toEqual([["2026-11-01", 25]]);
  });

  it("starts a day whose midnight does not exist at the first instant it does (Santiago jumps at midnight)", () => {
    // Chile moves its clocks from 00:00 to 01:00 on the first Sunday of September.
    const f = monthFrame("2026-09", "America/Santiago");
    const jump = f.days.find((d) => d.end.getTime() - d.start.getTime() === 23 * HOUR)!;
    expect(jump.date).toBe("2026-09-06");
    expect(jump.start.getTime()).toBe(f.days[jump.day - 2]!.end.getTime());
  });

  it("reads which day an instant falls on in the zone, and nothing outside the month", () => {
    const f = monthFrame("2026-12", "Pacific/Kiritimati");
    expect(dayIndexOf(f, new Date("2026-12-31T09:59:59Z"))).toBe(30);
    expect(dayIndexOf(f, new Date("2026-12-31T10:00:00Z"))).toBeNull(); // already 1 January at UTC+14
    expect(dayIndexOf(f, new Date("2026-11-30T10:00:00Z"))).toBe(0);
    expect(dayIndexOf(f, new Date("2026-11-30T09:59:59Z"))).toBeNull();
  });
});

describe("months by name", () => {
  it("accepts yyyy-mm and nothing else", () => {
    expect(parseMonth("2026-12")).toBe("2026-12");
    for (const bad of ["2026-13", "2026-00", "2026-1", "26-12", "2026-12-01", "", "0999-01", "abcd-ef", undefined, null]) expect(parseMonth(bad)).toBeNull();
  });

  it("steps across years both ways", () => {
    expect(shiftMonth("2026-12", 1)).toBe("2027-01");
    expect(shiftMonth("2027-01", -1)).toBe("2026-12");
    expect(shiftMonth("2026-05", -17)).toBe("2024-12");
  });

  it("names the month of an instant in the zone", () => {
    const instant = new Date("2026-12-31T23:30:00Z");
    expect(monthOf(instant, "UTC")).toBe("2026-12");
    expect(monthOf(instant, "Europe/Berlin")).toBe("2027-01");
  });
});

describe("placeSpan", () => {
  const zone = "Europe/Lisbon";
  const f = monthFrame("2026-12", zone);

  it("places a stay from its check-in afternoon to its checkout morning on the cells it covers", () => {
    const p = placeSpan(f, at("2026-12-03", "16:00", zone), at("2026-12-06", "11:00", zone))!;
    expect(p.start).toBeCloseTo(2 + 16 / 24, 6);
    expect(p.end).toBeCloseTo(5 + 11 / 24, 6);
    expect(p).toMatchObject({ firstDay: 2, lastDay: 5, fromBefore: false, untilAfter: false });
  });

  it("clips a stay that runs over either edge of the month and says so", () => {
    const over = placeSpan(f, at("2026-11-28", "16:00", zone), at("2026-12-02", "11:00", zone))!;
    expect(over).toMatchObject({ start: 0, firstDay: 0, lastDay: 1, fromBefore: true, untilAfter: false });
    const into = placeSpan(f, at("2026-12-30", "16:00", zone), at("2027-01-04", "11:00", zone))!;
    expect(into).toMatchObject({ end: 31, firstDay: 29, lastDay: 30, fromBefore: false, untilAfter: true });
    const whole = placeSpan(f, at("2026-11-01", "00:00", zone), at("2027-02-01", "00:00", zone))!;
    expect(whole).toMatchObject({ start: 0, end: 31, firstDay: 0, lastDay: 30, fromBefore: true, untilAfter: true });
  });

  it("leaves out what ends as the month starts or begins as it ends, and empty spans", () => {
    expect(placeSpan(f, at("2026-11-28", "16:00", zone), at("2026-12-01", "00:00", zone))).toBeNull();
    expect(placeSpan(f, at("2027-01-01", "00:00", zone), at("2027-01-03", "11:00", zone))).toBeNull();
    const t = at("2026-12-10", "12:00", zone);
    expect(placeSpan(f, t, t)).toBeNull();
  });

  it("does not count the day after a span that ends at midnight", () => {
    const p = placeSpan(f, at("2026-12-10", "00:00", zone), at("2026-12-12", "00:00", zone))!;
    expect(p).toMatchObject({ start: 9, end: 11, firstDay: 9, lastDay: 10 });
  });

  it("keeps check-in at 16:00 and checkout at 11:00 where they are on DST days (23- and 25-hour days)", () => {
    const ny = "America/New_York";
    const march = monthFrame("2026-03", ny);
    const spring = placeSpan(march, at("2026-03-08", "16:00", ny), at("2026-03-09", "11:00", ny))!;
    // 16:00 on the 23-hour day is 15 hours after its midnight: 15/23 of it, not 16/24.
    expect(spring.start).toBeCloseTo(7 + 15 / 23, 6);
    expect(spring.end).toBeCloseTo(8 + 11 / 24, 6);
    const november = monthFrame("2026-11", ny);
    const fall = placeSpan(november, at("2026-10-30", "16:00", ny), at("2026-11-01", "11:00", ny))!;
    expect(fall.end).toBeCloseTo(12 / 25, 6); // 11:00 on the 25-hour day is 12 hours after its midnight
    expect(fall).toMatchObject({ firstDay: 0, lastDay: 0, fromBefore: true });
  });

  it("places the same instant on each property's own local day", () => {
    const checkIn = new Date("2026-12-14T23:00:00Z");
    const checkOut = new Date("2026-12-16T10:00:00Z");
    expect(placeSpan(monthFrame("2026-12", "UTC"), checkIn, checkOut)!.firstDay).toBe(13);
    expect(placeSpan(monthFrame("2026-12", "Asia/Tokyo"), checkIn, checkOut)!.firstDay).toBe(14);
    expect(placeSpan(monthFrame("2026-12", "America/Los_Angeles"), checkIn, checkOut)!.firstDay).toBe(13);
  });
});

describe("intoLanes", () => {
  const range = (s: { start: number; end: number }) => s;

  it("puts overlapping spans on separate lanes and touching ones on the same", () => {
    const a = { id: "a", start: 0, end: 3.5 };
    const b = { id: "b", start: 3.5, end: 6 }; // checks in as a checks out
    const c = { id: "c", start: 2, end: 4 }; // overlaps both
    const d = { id: "d", start: 4.2, end: 5 };
    const lanes = intoLanes([d, c, b, a], range).map((lane) => lane.map((s) => s.id));
    expect(lanes).toEqual([["a", "b"], ["c", "d"]]);
  });

  it("uses as many lanes as spans overlap at once, and one for none", () => {
    const three = [{ start: 0, end: 10 }, { start: 1, end: 9 }, { start: 2, end: 8 }, { start: 9.5, end: 11 }];
    expect(intoLanes(three, range)).toHaveLength(3);
    expect(intoLanes([], range)).toEqual([]);
  });
});

describe("layoutMonth", () => {
  const zone = "Europe/Lisbon";
  const f = monthFrame("2026-12", zone);
  const item = (kind: "stay" | "block" | "code" | "turnover", from: string, to: string, id: string) => ({
    id, kind, from: at(from.slice(0, 10), from.slice(11), zone), to: at(to.slice(0, 10), to.slice(11), zone),
  });

  it("draws stays and owner blocks in one track, codes and cleanings in their own, and drops what is outside the month", () => {
    const tracks = layoutMonth(f, [
      item("stay", "2026-12-03T16:00", "2026-12-06T11:00", "guest"),
      item("code", "2026-12-03T15:00", "2026-12-06T12:00", "guest-code"),
      item("turnover", "2026-12-06T11:00", "2026-12-06T16:00", "clean"),
      item("block", "2026-12-20T00:00", "2026-12-27T00:00", "owner"),
      item("stay", "2027-01-03T16:00", "2027-01-06T11:00", "next-month"),
    ]);
    expect(tracks.map((t) => [t.key, t.lanes.map((l) => l.map((i) => i.id))])).toEqual([
      ["stays", [["guest", "owner"]]],
      ["codes", [["guest-code"]]],
      ["cleaning", [["clean"]]],
    ]);
    expect(tracks[0]!.lanes[0]![1]).toMatchObject({ kind: "block", placement: { firstDay: 19, lastDay: 25 } });
  });

  it("shows an owner block that overlaps a booking on a lane of its own", () => {
    const tracks = layoutMonth(f, [item("stay", "2026-12-03T16:00", "2026-12-08T11:00", "guest"), item("block", "2026-12-05T00:00", "2026-12-10T00:00", "owner")]);
    expect(tracks[0]!.lanes.map((l) => l.map((i) => i.id))).toEqual([["guest"], ["owner"]]);
  });

  it("keeps one empty stays lane for an empty month and leaves the other tracks out", () => {
    expect(layoutMonth(f, [])).toEqual([{ key: "stays", lanes: [[]] }]);
  });
});
