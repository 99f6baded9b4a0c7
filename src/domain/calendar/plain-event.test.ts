import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SHARED_CORPUS, sharedCorpusPresent, skipWithoutSharedCorpus } from "../../../test/support/shared-corpus";
import { parseFeed } from "./parse-feed";
import { isPlainEvent } from "./plain-event";
import { splitCalendar } from "./split-calendar";

// Dates are irrelevant to what is compared (both readings get the same `now`); RRULE windows just need one.
const now = new Date("2026-08-22T12:00:00Z");
const OWN_FIXTURES = path.resolve(import.meta.dirname, "../../../test/fixtures/calendars");

function icsFiles(root: string): string[] {
  return readdirSync(root).flatMap((name) => {
    const full = path.join(root, name);
    return statSync(full).isDirectory() ? icsFiles(full) : name.endsWith(".ics") ? [full] : [];
  });
}

/** Both readings of one body: staykey's own reader for plain events, and node-ical for every event. */
function bothWays(bytes: Buffer) {
  return { auto: parseFeed(bytes, { now }), nodeIcal: parseFeed(bytes, { now, reader: "node-ical" }) };
}

const cal = (...events: string[]) =>
  Buffer.from(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Airbnb Inc//Hosting Calendar 1.0//EN", ...events, "END:VCALENDAR", ""].join("\r\n"));
const vevent = (uid: string, ...lines: string[]) => ["BEGIN:VEVENT", "DTSTART;VALUE=DATE:20261010", "DTEND;VALUE=DATE:20261013", `UID:${uid}`, ...lines, "END:VEVENT"].join("\r\n");

describe("plain events read without node-ical give exactly node-ical's reading", () => {
  it("on every calendar fixture of the project", () => {
    const files = icsFiles(OWN_FIXTURES);
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const { auto, nodeIcal } = bothWays(readFileSync(file));
      expect(auto, file).toEqual(nodeIcal);
    }
  });

  describe("on every file of the shared corpus", () => {
    skipWithoutSharedCorpus();
    it("gives identical events, hash and warnings, and most platform exports never reach node-ical", () => {
      if (!sharedCorpusPresent) return;
      const files = icsFiles(SHARED_CORPUS);
      expect(files.length).toBeGreaterThan(50);
      let plainFiles = 0;
      for (const file of files) {
        const bytes = readFileSync(file);
        const { auto, nodeIcal } = bothWays(bytes);
        expect(auto, file).toEqual(nodeIcal);
        const events = splitCalendar(bytes.toString("utf8")).events;
        if (events.length > 0 && events.every(isPlainEvent)) plainFiles++;
      }
      // The platform exports (Airbnb, VRBO, Booking.com) are the plain shape; the torture files mostly are not.
      expect(plainFiles).toBeGreaterThan(5);
    });
  });

  it.each([
    ["escaped commas, semicolons, newlines and backslashes", vevent("a", "SUMMARY:Reserved\\, Maya\\; 2 guests", "DESCRIPTION:Line one\\nLine two\\N3 \\\\ done")],
    ["text with parameters", vevent("b", "SUMMARY;LANGUAGE=en:Reserved", "DESCRIPTION;ALTREP=\"cid:x\":Notes")],
    ["a quoted summary", vevent("c", 'SUMMARY:"Airbnb (Not available)"')],
    ["SEQUENCE and STATUS as written", vevent("d", "SUMMARY:Reserved", "SEQUENCE:3", "STATUS:CANCELLED")],
    ["an odd SEQUENCE", vevent("e", "SUMMARY:Reserved", "SEQUENCE:TRUE")],
    ["lower-case property names", vevent("f", "summary:Reserved", "status:confirmed")],
    ["a nested VALARM with its own DESCRIPTION", vevent("g", "SUMMARY:Reserved", "BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:Reminder", "END:VALARM")],
    ["a text line node-ical skips", vevent("h", "SUMMARY;X=a:b:Reserved", "DESCRIPTION :spaced name")],
    ["two SUMMARY lines", vevent("i", "SUMMARY:One", "SUMMARY:Two")],
    ["a TZID in a text line", vevent("j", "SUMMARY:\"TZID=x\" Reserved")],
  ])("%s", (_name, event) => {
    const { auto, nodeIcal } = bothWays(cal(event));
    expect(auto.ok).toBe(true);
    expect(auto).toEqual(nodeIcal);
  });

  it("reads an Airbnb-shaped export without node-ical, and hands a recurring or zoned event to it", () => {
    const eventsOf = (body: Buffer) => splitCalendar(body.toString("utf8")).events;
    const airbnb = eventsOf(cal(vevent("k", "SUMMARY:Reserved", "DESCRIPTION:Reservation URL: https://www.airbnb.com/hosting/reservations/details/HMQ7TZ2KWA\\nPhone Number (Last 4 Digits): 1234")));
    expect(airbnb.map(isPlainEvent)).toEqual([true]);
    expect(eventsOf(cal(vevent("l", "SUMMARY:Cleaning", "RRULE:FREQ=WEEKLY;COUNT=3"))).map(isPlainEvent)).toEqual([false]);
    const zoned = ["BEGIN:VEVENT", "DTSTART;TZID=Europe/Berlin:20261010T150000", "DTEND;TZID=Europe/Berlin:20261013T110000", "UID:m", "SUMMARY:Reserved", "END:VEVENT"].join("\r\n");
    expect(eventsOf(cal(zoned)).map(isPlainEvent)).toEqual([false]);
    expect(eventsOf(cal(vevent("n", "SUMMARY:One", "SUMMARY:Two"))).map(isPlainEvent)).toEqual([false]);
  });
});
