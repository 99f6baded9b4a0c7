import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SHARED_CORPUS, skipWithoutSharedCorpus } from "../../../test/support/shared-corpus";
import { parseFeed } from "./parse-feed";
import type { FeedEvent, ParsedFeed, ParsedFeedOk } from "./types";

const dir = SHARED_CORPUS;
const now = new Date("2026-08-22T12:00:00Z");

function read(relative: string): ParsedFeed {
  return parseFeed(readFileSync(path.join(dir, relative)), { now });
}

function okFeed(relative: string): ParsedFeedOk {
  const result = read(relative);
  if (!result.ok) throw new Error(`${relative}: ${result.reason} ${result.detail}`);
  return result;
}

const count = (events: FeedEvent[], kind: FeedEvent["kind"]) => events.filter((e) => e.kind === kind).length;

function allFiles(root: string): string[] {
  return readdirSync(root).flatMap((name) => {
    const full = path.join(root, name);
    return statSync(full).isDirectory() ? allFiles(full) : name.endsWith(".ics") ? [path.relative(dir, full)] : [];
  });
}

describe("parseFeed over the shared calendar corpus (../shared/fixtures/ical)", () => {
  skipWithoutSharedCorpus();
  it("reads every file without reaching the catch-all, and says ok or precisely why not", () => {
    const files = allFiles(dir);
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) {
      const result = read(file);
      if (result.ok) {
        expect(result.contentHash, file).toMatch(/^[0-9a-f]{64}$/);
        expect(result.unreadableUids.length, file).toBeLessThanOrEqual(result.vevents);
      } else {
        // parseFeed never throws because it turns any exception into this; a corpus file must not need it.
        expect(result.detail, file).not.toMatch(/unexpected parser error/);
        expect(result.detail.length, file).toBeGreaterThan(10);
      }
    }
  });

  it.each([
    ["platforms/airbnb-current-crlf.ics", "airbnb", 25, 3],
    ["platforms/airbnb-legacy-0.8.8.ics", "airbnb", 8, 13],
    ["platforms/airbnb-legacy-0.8.8-next-day.ics", "airbnb", 7, 12],
    ["platforms/airbnb-rolling-block.ics", "airbnb", 4, 4],
    ["platforms/airbnb-blocked-only.ics", "airbnb", 0, 2],
    ["platforms/airbnb-six-listings-merged.ics", "airbnb", 173, 3],
    // Booking.com CLOSED events are reservations without guest contact (see classify-event.ts).
    ["platforms/booking-com.ics", "booking", 2, 0],
    ["platforms/booking-com-empty.ics", "booking", 0, 0],
    ["platforms/morningcroissant-empty.ics", "generic", 0, 0],
    ["platforms/ownerrez-timed.ics", "generic", 1, 0],
  ] as const)("reads %s as %s with %i reservations and %i blocks", (file, source, reservations, blocks) => {
    const feed = okFeed(file);
    expect(feed.source).toBe(source);
    expect(count(feed.events, "reservation")).toBe(reservations);
    expect(count(feed.events, "block")).toBe(blocks);
    expect(feed.vevents).toBe(reservations + blocks);
    expect(feed.unreadableUids).toEqual([]);
  });

  it("reads Airbnb reservation codes and phone last 4 from a DESCRIPTION folded mid-URL", () => {
    const feed = okFeed("platforms/airbnb-current-crlf.ics");
    const first = feed.events.find((e) => e.uid === "1418fb94e984-6b830ee07c2031a51b5c6b050ca8b1d6@airbnb.com")!;
    expect(first).toMatchObject({ kind: "reservation", reservationCode: "HMAFGEHV4Q", phoneLast4: "5054", start: { type: "date", date: "2025-10-20" }, end: { type: "date", date: "2025-10-22" } });
    expect(feed.events.filter((e) => e.kind === "reservation").every((e) => /^HM[A-Z0-9]{8}$/.test(e.reservationCode ?? ""))).toBe(true);
    expect(feed.events.filter((e) => e.kind === "block").every((e) => e.reservationCode === undefined && e.phoneLast4 === undefined)).toBe(true);
  });

  it("keeps OwnerRez's Europe/Paris check-in and checkout times instead of its embedded VTIMEZONE rules", () => {
    const [stay] = okFeed("platforms/ownerrez-timed.ics").events;
    expect(stay!.start).toEqual({ type: "instant", at: new Date("2022-05-10T14:00:00Z") });
    expect(stay!.end).toEqual({ type: "instant", at: new Date("2023-02-23T10:00:00Z") });
  });

  it("hashes the legacy feed and its next-day export differently, but each one stably", () => {
    expect(okFeed("platforms/airbnb-legacy-0.8.8.ics").contentHash).toBe(okFeed("platforms/airbnb-legacy-0.8.8.ics").contentHash);
    expect(okFeed("platforms/airbnb-legacy-0.8.8.ics").contentHash).not.toBe(okFeed("platforms/airbnb-legacy-0.8.8-next-day.ics").contentHash);
  });

  it("salvages the good events of a large file whose one late event makes node-ical throw", () => {
    const feed = okFeed("library/jens-maus__node-ical/large-file-with-late-error.ics");
    expect(feed.vevents).toBe(401);
    expect(feed.unreadableUids).toContain("event_error@example.com");
    expect(feed.events.length).toBeGreaterThan(390);
    expect(feed.events.length + feed.unreadableUids.length).toBe(401);
  });

  it("keeps the higher SEQUENCE when two events share a UID", () => {
    const feed = okFeed("library/jens-maus__node-ical/duplicate-uid-sequence.ics");
    expect(feed.events.map((e) => e.summary).sort()).toEqual(["Team Meeting (SEQUENCE 2)", "Updated version (SEQUENCE 3) - should win"]);
  });

  it("reads DURATION instead of DTEND as wall-clock days", () => {
    const [event] = okFeed("library/kewisch__ical.js/duration_instead_of_dtend.ics").events;
    expect(event!.start).toEqual({ type: "instant", at: new Date("2012-06-30T13:00:00Z") });
    expect(event!.end).toEqual({ type: "instant", at: new Date("2012-07-01T13:00:00Z") });
  });

  it.each([
    ["library/collective__icalendar/small_bad_calendar.ics", "truncated"],
    ["library/collective__icalendar/big_bad_calendar.ics", "truncated"],
    ["library/collective__icalendar/pr_480_summary_with_colon.ics", "truncated"],
    ["library/collective__icalendar/issue_112_missing_tzinfo_on_exdate.ics", "not_icalendar"],
    ["library/collective__icalendar/fuzz_testcase_vtimezone_lone_cr.ics", "not_icalendar"],
    ["library/collective__icalendar/broken_dtstart.ics", "unparseable"],
    ["library/collective__icalendar/america_new_york_forward_reference.ics", "unparseable"],
  ] as const)("refuses %s as %s", (file, reason) => {
    const result = read(file);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toBe(reason);
  });

  it.each([
    "library/collective__icalendar/bom_calendar.ics",
    "library/kewisch__ical.js/newline_junk.ics",
    "library/kewisch__ical.js/blank_line_end.ics",
  ])("reads %s as a valid calendar with no events", (file) => {
    expect(okFeed(file).events).toEqual([]);
  });
});
