import { describe, expect, it } from "vitest";
import { parseFeed } from "./parse-feed";
import { parseWholeBody } from "./parse-whole-body";
import { readEvent } from "./read-event";
import { splitCalendar } from "./split-calendar";

const event = (uid: string, extra = "", start = "DTSTART;VALUE=DATE:20260901") =>
  `BEGIN:VEVENT\nDTSTAMP:20260822T073647Z\n${start}\nDTEND;VALUE=DATE:20260904\nSUMMARY:Reserved\\, with a comma\n${extra}UID:${uid}\nEND:VEVENT\n`;
const calendar = (body: string) => `BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Airbnb Inc//Hosting Calendar 1.0//EN\n${body}END:VCALENDAR\n`;
const zone = "BEGIN:VTIMEZONE\nTZID:Europe/Berlin\nBEGIN:STANDARD\nDTSTART:19701025T030000\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0100\nEND:STANDARD\nEND:VTIMEZONE\n";
const uidsOf = (text: string) => splitCalendar(text).events.map((e) => e.props.get("UID")!.value.trim());
const whole = (text: string) => parseWholeBody(splitCalendar(text), uidsOf(text));

describe("parseWholeBody", () => {
  it("reads a clean export in one node-ical pass, exactly as each event read alone", () => {
    const text = calendar(event("a@airbnb.com") + event("b@airbnb.com", "STATUS:CANCELLED\nSEQUENCE:3\n") + event("c@airbnb.com", "RRULE:FREQ=WEEKLY;COUNT=3\n"));
    const split = splitCalendar(text);
    const byUid = parseWholeBody(split, uidsOf(text));
    expect([...byUid!.keys()]).toEqual(["a@airbnb.com", "b@airbnb.com", "c@airbnb.com"]);
    const window = { from: new Date("2026-08-01T00:00:00Z"), to: new Date("2027-08-01T00:00:00Z") };
    for (const [i, uid] of uidsOf(text).entries()) {
      const alone = readEvent(uid, split.events[i]!, [], { timezones: split.timezones, window });
      const shared = readEvent(uid, split.events[i]!, [], { timezones: split.timezones, window, parsedByUid: byUid! });
      expect(shared).toEqual(alone);
    }
  });

  it.each([
    ["a repeated UID (node-ical would merge them)", calendar(event("a") + event("a"))],
    ["two concatenated calendars", calendar(event("a")) + calendar(event("b"))],
    ["a RECURRENCE-ID override", calendar(event("a", "RRULE:FREQ=DAILY;COUNT=3\n") + event("a", "RECURRENCE-ID;VALUE=DATE:20260902\n"))],
    ["an event with two DTSTART lines (node-ical throws for the whole body)", calendar(event("a", "DTSTART;VALUE=DATE:20260902\n") + event("b"))],
    ["an unterminated event", calendar(event("a") + "BEGIN:VEVENT\nDTSTART;VALUE=DATE:20260901\nUID:b\n")],
    ["a VTIMEZONE that only some events would have been given", calendar(zone + event("a", "", "DTSTART;TZID=Europe/Berlin:20260901T160000") + event("b"))],
    ["UIDs that differ only in an escape node-ical removes", calendar(event("a\\,b") + event("a,b"))],
  ])("leaves the feed to the per-event path for %s", (_, text) => {
    expect(whole(text)).toBeNull();
  });

  it("leaves out a UID node-ical reads differently, so that one event is parsed alone", () => {
    const byUid = whole(calendar(event("plain") + event("with\\;escape")));
    expect([...byUid!.keys()]).toEqual(["plain", "with;escape"]);
  });

  it("keeps parseFeed's salvage: one broken event costs only itself", () => {
    const parsed = parseFeed(Buffer.from(calendar(event("good") + event("bad", "DTSTART;VALUE=DATE:20260902\n"))), { now: new Date("2026-08-22T12:00:00Z") });
    if (!parsed.ok) throw new Error(parsed.detail);
    expect(parsed.events.map((e) => e.uid)).toEqual(["good"]);
    expect(parsed.unreadableUids).toEqual(["bad"]);
    expect(parsed.events[0]!.summary).toBe("Reserved, with a comma");
  });
});
