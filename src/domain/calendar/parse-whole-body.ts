import type { CalendarResponse, VEvent } from "node-ical";
import { nodeIcal } from "./node-ical";
import type { SplitCalendar } from "./split-calendar";

/**
 * node-ical's reading of every VEVENT from ONE parse of the whole body, keyed by our UID, or null when that would not
 * give exactly what reading each event alone gives (then the caller parses event by event, to salvage the good ones).
 *
 * A well-formed export (one VCALENDAR, unique UIDs, no overrides, one DTSTART each, every event closed) is by far
 * the common case, and one parse of it costs about half of ~70 small ones. The text handed over is the same event
 * chunks the per-event path would parse, so node-ical sees the same lines; VTIMEZONEs are included only when every
 * event would have had them prepended (all use a TZID) or there are none, since node-ical attaches the first
 * VTIMEZONE to floating times. A UID node-ical reads differently from us (unescaped, with parameters) is simply not
 * found, and a count that does not match (two UIDs node-ical merged) rejects the whole shortcut.
 */
export function parseWholeBody(split: SplitCalendar, uids: readonly string[]): Map<string, VEvent> | null {
  if (split.calendars !== 1 || split.events.length === 0) return null;
  let withTzid = 0;
  for (const event of split.events) {
    if (!event.closed || event.props.has("RECURRENCE-ID") || (event.lineCounts.get("DTSTART") ?? 0) !== 1) return null;
    for (const line of event.props.values()) {
      if (line.params.TZID !== undefined) {
        withTzid++;
        break;
      }
    }
  }
  if (new Set(uids).size !== split.events.length || uids.includes("__proto__")) return null;
  const timezones = withTzid === split.events.length ? split.timezones.join("") : withTzid === 0 || split.timezones.length === 0 ? "" : null;
  if (timezones === null) return null;

  const text = `BEGIN:VCALENDAR\n${timezones}${split.events.map((event) => event.text).join("")}END:VCALENDAR\n`;
  let result: CalendarResponse;
  try {
    result = nodeIcal().sync.parseICS(text);
  } catch {
    return null;
  }
  const byUid = new Map<string, VEvent>();
  let vevents = 0;
  for (const component of Object.values(result)) {
    if ((component as { type?: string } | undefined)?.type !== "VEVENT") continue;
    vevents++;
    const event = component as VEvent;
    if (typeof event.uid === "string") byUid.set(event.uid, event);
  }
  return vevents === split.events.length ? byUid : null;
}
