import type { VEvent } from "node-ical";
import { nodeIcal } from "./node-ical";
import { icalText, upperCase } from "./content-line";
import { addIcalDuration, compareEventTimes, readEventTime, shiftByDays, type ReadEvent, type ReadTime } from "./event-time";
import { expandOccurrences } from "./expand-occurrences";
import { readPlainEvent } from "./plain-event";
import type { RawEvent } from "./split-calendar";

/** One event (or RRULE occurrence) read from the body, before it is classified. */
export type { ReadEvent } from "./event-time";

export type ReadOutcome = { ok: true; events: ReadEvent[]; warnings: string[] } | { ok: false; uid: string; why: string };

export interface ReadContext {
  /** Raw VTIMEZONE blocks, prepended when an event uses a TZID that is not an IANA name. */
  timezones: string[];
  window: { from: Date; to: Date };
  /** node-ical's events from one parse of the whole body (see parseWholeBody); a UID not in it is parsed alone. */
  parsedByUid?: ReadonlyMap<string, VEvent>;
  /** The events staykey reads itself (isPlainEvent, asked once per event by parseFeed); the rest go to node-ical. */
  plainEvents?: ReadonlySet<RawEvent>;
}

/**
 * Reads one master VEVENT (with its RECURRENCE-ID overrides) through node-ical on its own, so one
 * bad event (node-ical throws on a duplicate DTSTART) costs only that event, not the whole feed;
 * when the whole body parsed cleanly in one go (`context.parsedByUid`), that reading is used instead.
 * node-ical supplies unescaped text, SEQUENCE, STATUS and RRULE; the times come from the raw
 * lines (see readEventTime).
 */
export function readEvent(uid: string, master: RawEvent, overrides: RawEvent[], context: ReadContext): ReadOutcome {
  const dtstart = master.props.get("DTSTART");
  if (!dtstart) return { ok: false, uid, why: "no DTSTART" };
  if ((master.lineCounts.get("DTSTART") ?? 0) > 1) return { ok: false, uid, why: "two DTSTART lines" };
  if (!master.closed) return { ok: false, uid, why: "no END:VEVENT" };

  const plain = overrides.length === 0 && context.plainEvents?.has(master) ? readPlainEvent(master) : null;
  const parsed = plain ?? (overrides.length === 0 ? context.parsedByUid?.get(uid) : undefined) ?? parseAlone(uid, master, overrides, context);
  if (typeof parsed === "string") return { ok: false, uid, why: parsed };
  if (!parsed) return { ok: false, uid, why: "node-ical returned no VEVENT" };

  const start = readEventTime(dtstart, parsed.start?.tz);
  if (!start) return { ok: false, uid, why: "DTSTART is not a valid DATE or DATE-TIME" };
  const warnings: string[] = [];
  if (start.unknownTzid) warnings.push(`event ${uid}: unknown TZID "${start.unknownTzid}", read as floating time (X-WR-TIMEZONE or the property's zone)`);

  let end = endOf(master, start, parsed);
  if (!end) {
    warnings.push(`event ${uid}: unreadable DTEND/DURATION, treated as ${start.time.type === "date" ? "one day" : "zero length"}`);
    end = start.time.type === "date" ? shiftByDays(start, 1) : start;
  }
  if (end.time.type !== start.time.type && !(start.time.type === "instant" && end.time.type === "instant")) {
    warnings.push(`event ${uid}: DTSTART is ${start.time.type} but DTEND is ${end.time.type}`);
  }
  if (compareEventTimes(end.time, start.time) < 0) {
    // A hand-edited PMS export sometimes swaps the two; the nights are still booked.
    warnings.push(`event ${uid}: DTEND before DTSTART, swapped`);
    return finish(uid, parsed, { start: end, end: start }, context, warnings);
  }
  return finish(uid, parsed, { start, end }, context, warnings);
}

function finish(uid: string, parsed: VEvent, times: { start: ReadTime; end: ReadTime }, context: ReadContext, warnings: string[]): ReadOutcome {
  const base: ReadEvent = {
    uid,
    start: times.start,
    end: times.end,
    summary: icalText(parsed.summary),
    description: icalText(parsed.description),
    status: upperCase(String(parsed.status ?? "")) === "CANCELLED" ? "cancelled" : "confirmed",
    sequence: Number.isFinite(Number(parsed.sequence)) ? Number(parsed.sequence) : 0,
  };
  if (!parsed.rrule) return { ok: true, events: [base], warnings };
  const expanded = expandOccurrences(base, parsed, context.window);
  return { ok: true, events: expanded.events, warnings: [...warnings, ...expanded.warnings] };
}

/** node-ical's reading of this event alone (a VEvent), or why it failed (a string). */
function parseAlone(uid: string, master: RawEvent, overrides: RawEvent[], context: ReadContext): VEvent | string | undefined {
  const needsTimezones = [...master.props.values()].some((line) => line.params.TZID !== undefined);
  const timezones = needsTimezones ? context.timezones : [];
  const body = [master.text, ...overrides.filter((o) => o.closed).map((o) => o.text)].join("");
  try {
    return nodeIcalEvent(body, timezones);
  } catch (error) {
    if (overrides.length === 0) return `node-ical: ${conciseError(error)}`;
    try {
      return nodeIcalEvent(master.text, timezones);
    } catch (again) {
      return `node-ical: ${conciseError(again)}`;
    }
  }
}

function endOf(master: RawEvent, start: ReadTime, parsed: VEvent): ReadTime | null {
  const dtend = master.props.get("DTEND");
  if (dtend) return readEventTime(dtend, (parsed.end as { tz?: string } | undefined)?.tz);
  const duration = master.props.get("DURATION");
  if (duration) return addIcalDuration(start, duration.value);
  // RFC 5545 3.6.1: a DATE start with no end lasts one day; a DATE-TIME start, no time at all.
  return start.time.type === "date" ? shiftByDays(start, 1) : start;
}

function nodeIcalEvent(veventText: string, timezones: string[]): VEvent | undefined {
  const result = nodeIcal().sync.parseICS(`BEGIN:VCALENDAR\n${timezones.join("")}${veventText}END:VCALENDAR\n`);
  return Object.values(result).find((c): c is VEvent => (c as { type?: string } | undefined)?.type === "VEVENT");
}

function conciseError(error: unknown): string {
  // node-ical appends the offending line; keep only the reason so no DESCRIPTION text reaches logs.
  const message = error instanceof Error ? error.message : String(error);
  return message.split(/,?\s*line=/)[0]!.slice(0, 200);
}
