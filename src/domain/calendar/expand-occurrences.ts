import type { VEvent } from "node-ical";
import { nodeIcal } from "./node-ical";
import { icalText } from "./content-line";
import { eventTimeKey, resolveTzid, shiftByDays, type ReadEvent, type ReadTime } from "./event-time";

const DAY_MS = 86_400_000;
// A year of daily blocks is 365; a cap keeps a hostile or broken RRULE from costing a sync.
const MAX_OCCURRENCES = 1_000;
const SUB_DAILY = new Set(["HOURLY", "MINUTELY", "SECONDLY"]);

/**
 * Expands an RRULE master into occurrences inside the window, honouring EXDATE and RECURRENCE-ID
 * overrides (node-ical does the rule arithmetic). Each occurrence is the master's own raw times
 * moved by whole wall-clock days, so an all-day block stays all-day and a 16:00 check-in stays
 * 16:00 across DST. Occurrence UIDs are `<uid>#<original start>` so a moved override keeps its id.
 */
export function expandOccurrences(base: ReadEvent, parsed: VEvent, window: { from: Date; to: Date }): { events: ReadEvent[]; warnings: string[] } {
  const freq = String(parsed.rrule?.options.freq ?? "").toUpperCase();
  if (SUB_DAILY.has(freq)) {
    return { events: [], warnings: [`event ${base.uid}: RRULE FREQ=${freq} ignored (no stay repeats more than daily)`] };
  }
  const instances = nodeIcal().expandRecurringEvent(parsed, { from: window.from, to: window.to, expandOngoing: true });
  const warnings: string[] = [];
  if (instances.length > MAX_OCCURRENCES) warnings.push(`event ${base.uid}: RRULE has ${instances.length} occurrences in the horizon, kept the first ${MAX_OCCURRENCES}`);
  const events: ReadEvent[] = [];
  for (const instance of instances.slice(0, MAX_OCCURRENCES)) {
    if (instance.isOverride) {
      const override = instance.event;
      const original = fromNodeIcal(override.recurrenceid ?? instance.start);
      events.push({
        ...base,
        uid: `${base.uid}#${eventTimeKey(original.time)}`,
        recurrenceOf: base.uid,
        start: fromNodeIcal(instance.start),
        end: fromNodeIcal(instance.end),
        summary: icalText(override.summary) || base.summary,
        status: String(override.status ?? "").toUpperCase() === "CANCELLED" ? "cancelled" : base.status,
        sequence: Number(override.sequence ?? base.sequence) || 0,
      });
      continue;
    }
    const days = Math.round((instance.start.getTime() - parsed.start.getTime()) / DAY_MS);
    const start = shiftByDays(base.start, days);
    events.push({ ...base, uid: `${base.uid}#${eventTimeKey(start.time)}`, recurrenceOf: base.uid, start, end: shiftByDays(base.end, days) });
  }
  return { events, warnings };
}

/**
 * Reads a Date that node-ical built. node-ical builds DATE values and unresolved zones from the
 * server's local wall clock, so the local getters here undo exactly that construction; we only
 * use this for RECURRENCE-ID overrides, where the raw lines are not at hand.
 */
function fromNodeIcal(value: Date & { tz?: string; dateOnly?: boolean }): ReadTime {
  const pad = (n: number) => String(n).padStart(2, "0");
  const localDate = `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
  if (value.dateOnly) return { time: { type: "date", date: localDate } };
  const zone = value.tz ? resolveTzid(value.tz) : null;
  if (zone || value.tz === "Etc/UTC" || value.tz === "UTC") return { time: { type: "instant", at: new Date(value.getTime()) }, zone: zone ?? "UTC" };
  return { time: { type: "floating", local: `${localDate}T${pad(value.getHours())}:${pad(value.getMinutes())}:${pad(value.getSeconds())}` } };
}
