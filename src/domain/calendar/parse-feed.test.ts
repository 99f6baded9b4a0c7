import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MAX_FEED_BYTES } from "./sniff-body";
import { parseFeed } from "./parse-feed";
import type { ParsedFeed, ParsedFeedOk } from "./types";

const fixtures = path.resolve(process.cwd(), "test/fixtures/calendars");
const now = new Date("2026-08-22T12:00:00Z");
const fixture = (name: string) => readFileSync(path.join(fixtures, name));

function ok(result: ParsedFeed): ParsedFeedOk {
  if (!result.ok) throw new Error(`${result.reason}: ${result.detail}`);
  return result;
}

function failure(result: ParsedFeed) {
  if (result.ok) throw new Error("expected the feed to be refused");
  return result;
}

const calendar = (events: string, head = "") =>
  Buffer.from(`BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Airbnb Inc//Hosting Calendar 1.0//EN\r\n${head}${events}END:VCALENDAR\r\n`);
const airbnbEvent = (uid: string, start: string, end: string, dtstamp = "20260822T073647Z") =>
  `BEGIN:VEVENT\r\nDTSTAMP:${dtstamp}\r\nDTSTART;VALUE=DATE:${start}\r\nDTEND;VALUE=DATE:${end}\r\nSUMMARY:Reserved\r\nUID:${uid}\r\n` +
  `DESCRIPTION:Reservation URL: https://www.airbnb.com/hosting/reservations/details/HMAAAA1111\\nPhone Number (Last 4 Digits): 1234\r\nEND:VEVENT\r\n`;

describe("parseFeed on platform shapes", () => {
  it("reads VRBO guest names and tells reservations from blocks", () => {
    const feed = ok(parseFeed(fixture("vrbo.ics"), { now }));
    expect(feed.source).toBe("vrbo");
    expect(feed.events.map((e) => [e.kind, e.guestName])).toEqual([
      ["reservation", "Jane Doe"],
      ["block", undefined],
      ["reservation", "Ana Müller"],
    ]);
  });

  it("shows a guest name as it will display: control characters and bidi overrides become spaces, on either reader", () => {
    const pms = (dates: string) =>
      Buffer.from(`BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Acme PMS//EN\r\nBEGIN:VEVENT\r\nUID:r1\r\n${dates}SUMMARY:Reservation\r\n` +
        `DESCRIPTION:Guest name: Ana\u202e \u0007Lopez\\nPhone: +34 612 345 678\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`);
    const plain = ok(parseFeed(pms("DTSTART;VALUE=DATE:20260910\r\nDTEND;VALUE=DATE:20260913\r\n"), { now }));
    const zoned = ok(parseFeed(pms("DTSTART;TZID=Europe/Madrid:20260910T160000\r\nDTEND;TZID=Europe/Madrid:20260913T110000\r\n"), { now }));
    for (const feed of [plain, zoned]) expect(feed.events.map((e) => [e.guestName, e.guestPhone])).toEqual([["Ana Lopez", "+34612345678"]]);
  });

  it("reads Booking.com CLOSED events as reservations with no guest contact", () => {
    const feed = ok(parseFeed(fixture("booking.ics"), { now }));
    expect(feed.source).toBe("booking");
    expect(feed.events).toHaveLength(2);
    for (const event of feed.events) {
      expect(event.kind).toBe("reservation");
      expect([event.guestName, event.phoneLast4, event.reservationCode]).toEqual([undefined, undefined, undefined]);
    }
  });

  it("keeps a PMS late checkout and cancels on STATUS:CANCELLED", () => {
    const feed = ok(parseFeed(fixture("ownerrez-late-checkout.ics"), { now }));
    const [late, cancelled] = feed.events;
    expect(late!.end).toEqual({ type: "instant", at: new Date("2026-11-04T19:00:00Z") });
    expect(cancelled).toMatchObject({ status: "cancelled", start: { type: "date", date: "2026-11-10" } });
  });

  it("reads all-day dates as written whatever the server zone", () => {
    const feed = ok(parseFeed(calendar(airbnbEvent("a@airbnb.com", "20260101", "20260103")), { now }));
    expect(feed.events[0]).toMatchObject({ start: { type: "date", date: "2026-01-01" }, end: { type: "date", date: "2026-01-03" } });
  });
});

describe("parseFeed refuses bodies that are not a whole calendar", () => {
  it.each([
    ["html-error.ics", "html", /502 Bad Gateway/],
    ["json-error.ics", "json", /keys: error, message/],
    ["truncated.ics", "truncated", /without END:VCALENDAR.*2 BEGIN:VEVENT, 1 END:VEVENT/],
  ] as const)("%s -> %s", (name, reason, detail) => {
    const result = failure(parseFeed(fixture(name), { now }));
    expect(result.reason).toBe(reason);
    expect(result.detail).toMatch(detail);
  });

  it("calls an empty or blank body empty_body", () => {
    expect(failure(parseFeed(Buffer.alloc(0))).reason).toBe("empty_body");
    expect(failure(parseFeed(Buffer.from(" \r\n\r\n"))).reason).toBe("empty_body");
  });

  it("refuses a body over 10 MB before parsing it", () => {
    const huge = Buffer.concat([calendar(""), Buffer.alloc(MAX_FEED_BYTES, 0x20)]);
    const result = failure(parseFeed(huge));
    expect(result.reason).toBe("too_large");
    expect(result.detail).toContain(String(huge.length));
  });

  it("calls text that is not iCalendar not_icalendar", () => {
    expect(failure(parseFeed(Buffer.from("Hello, this is not a calendar\n"))).reason).toBe("not_icalendar");
  });
});

describe("parseFeed repairs what node-ical gets wrong", () => {
  it("normalises CR-only line endings and their folds", () => {
    const feed = ok(parseFeed(fixture("cr-only.ics"), { now }));
    expect(feed.events.map((e) => [e.kind, e.guestName])).toEqual([["reservation", "Marie Curie"], ["block", undefined]]);
  });

  it("decodes a Latin-1 body with a warning instead of mangling names", () => {
    const feed = ok(parseFeed(fixture("latin1.ics"), { now }));
    expect(feed.events[0]!.guestName).toBe("Zoë Lefèvre");
    expect(feed.warnings.join()).toMatch(/not valid UTF-8.*Windows-1252/);
  });

  it("unfolds before decoding, so a fold inside a multi-byte character keeps it", () => {
    const feed = ok(parseFeed(fixture("fold-splits-multibyte.ics"), { now }));
    expect(feed.events[0]!.guestName).toBe("Renée Dupont");
    expect(feed.warnings).toEqual([]);
  });

  it("keeps the events of every concatenated VCALENDAR", () => {
    const feed = ok(parseFeed(fixture("two-calendars.ics"), { now }));
    expect(feed.events.map((e) => [e.uid, e.reservationCode, e.phoneLast4])).toEqual([
      ["first-calendar-1@airbnb.com", "HMAAAA1111", "1111"],
      ["second-calendar-1@airbnb.com", "HMBBBB2222", "2222"],
    ]);
  });

  it("salvages the good events around one with two DTSTARTs and names the bad one", () => {
    const feed = ok(parseFeed(fixture("duplicate-dtstart.ics"), { now }));
    expect(feed.vevents).toBe(3);
    expect(feed.events.map((e) => e.uid)).toEqual(["good-1@hostaway.com", "good-2@hostaway.com"]);
    expect(feed.unreadableUids).toEqual(["bad-1@hostaway.com"]);
  });

  it("keeps an unknown TZID as floating time (not UTC) and says so", () => {
    const feed = ok(parseFeed(fixture("unknown-tzid.ics"), { now }));
    expect(feed.calendarTimezone).toBe("Europe/Berlin");
    expect(feed.events[0]!.start).toEqual({ type: "floating", local: "2026-09-10T15:00:00" });
    expect(feed.warnings.join()).toContain('unknown TZID "Central Europe Custom"');
  });

  it("expands an RRULE block inside the horizon and skips its EXDATE", () => {
    const feed = ok(parseFeed(fixture("rrule-block.ics"), { now }));
    expect(feed.events.map((e) => e.start)).toEqual(
      ["2026-09-04", "2026-09-11", "2026-09-25", "2026-10-02", "2026-10-09"].map((date) => ({ type: "date", date })),
    );
    expect(feed.events.every((e) => e.kind === "block" && e.recurrenceOf === "owner-weekends@google.com")).toBe(true);
    expect(feed.events[0]).toMatchObject({ uid: "owner-weekends@google.com#2026-09-04", end: { type: "date", date: "2026-09-06" } });
    const shortHorizon = ok(parseFeed(fixture("rrule-block.ics"), { now, horizonEnd: new Date("2026-09-20T00:00:00Z") }));
    expect(shortHorizon.events).toHaveLength(2);
  });

  it("reads SUMMARY with a LANGUAGE parameter as text", () => {
    const body = calendar("BEGIN:VEVENT\r\nUID:l1\r\nSUMMARY;LANGUAGE=de:Reserviert - Max\r\nDTSTART;VALUE=DATE:20260901\r\nDTEND;VALUE=DATE:20260903\r\nEND:VEVENT\r\n").toString().replace("Airbnb Inc", "Smoobu");
    expect(ok(parseFeed(Buffer.from(body), { now })).events[0]!.summary).toBe("Reserviert - Max");
  });

  it("swaps DTEND written before DTSTART, with a warning", () => {
    const feed = ok(parseFeed(calendar(airbnbEvent("swap@airbnb.com", "20260910", "20260905")), { now }));
    expect(feed.events[0]).toMatchObject({ start: { date: "2026-09-05" }, end: { date: "2026-09-10" } });
    expect(feed.warnings.join()).toContain("DTEND before DTSTART");
  });

  it("treats a calendar with no events as a valid empty feed", () => {
    const feed = ok(parseFeed(calendar("")));
    expect([feed.events, feed.vevents]).toEqual([[], 0]);
  });
});

describe("contentHash", () => {
  it("is unchanged when only DTSTAMP changes (Airbnb rewrites it on every fetch)", () => {
    const a = ok(parseFeed(calendar(airbnbEvent("a@airbnb.com", "20260901", "20260905", "20260822T000000Z")), { now }));
    const b = ok(parseFeed(calendar(airbnbEvent("a@airbnb.com", "20260901", "20260905", "20260823T111111Z")), { now }));
    expect(a.contentHash).toBe(b.contentHash);
  });

  it("does not depend on event order", () => {
    const one = airbnbEvent("a@airbnb.com", "20260901", "20260905");
    const two = airbnbEvent("b@airbnb.com", "20260910", "20260912");
    expect(ok(parseFeed(calendar(one + two))).contentHash).toBe(ok(parseFeed(calendar(two + one))).contentHash);
  });

  it("changes when a date changes", () => {
    const a = ok(parseFeed(calendar(airbnbEvent("a@airbnb.com", "20260901", "20260905")), { now }));
    const b = ok(parseFeed(calendar(airbnbEvent("a@airbnb.com", "20260901", "20260906")), { now }));
    expect(a.contentHash).not.toBe(b.contentHash);
  });
});
