import { DateTime, Duration } from "luxon";
import type { ContentLine } from "./content-line";
import { addDays, digitsAt, isValidTimezone, isValidWallTime, wallTimeToInstant } from "./local-time";
import type { EventStatus, EventTime } from "./types";

/** An EventTime plus the zone an instant was read in, so recurrences can step in wall-clock days. */
export interface ReadTime {
  time: EventTime;
  zone?: string;
  /** Set when a TZID could not be resolved and the time was kept floating. */
  unknownTzid?: string;
}

/**
 * Reads DTSTART/DTEND exactly as written. node-ical turns DATE values into midnight in the
 * server's zone and unknown TZIDs into server-local times; we keep the wall-clock values and
 * decide the zone ourselves. `mappedZone` is node-ical's reading of the TZID (it maps Windows
 * names like "W. Europe Standard Time"), used only when the TZID itself is not an IANA name.
 */
export function readEventTime(line: ContentLine, mappedZone?: string): ReadTime | null {
  const value = line.value.trim();
  // Char codes stand in for `^\d{8}$` and `^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})?(Z?)$`/i: two reads per event (hot path).
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 4, 2);
  const day = digitsAt(value, 6, 2);
  const dateDigits = year >= 0 && month >= 0 && day >= 0;
  if ((dateDigits && value.length === 8) || line.params.VALUE?.toUpperCase() === "DATE") {
    if (!dateDigits || !isValidWallTime(year, month, day, 0, 0, 0)) return null;
    return { time: { type: "date", date: `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}` } };
  }
  const utc = dateDigits ? dateTimeShape(value) : null;
  if (utc === null) return null;
  const wall = { year, month, day, hour: digitsAt(value, 9, 2), minute: digitsAt(value, 11, 2), second: value.length - (utc ? 1 : 0) === 15 ? digitsAt(value, 13, 2) : 0 };
  if (!isValidWallTime(year, month, day, wall.hour, wall.minute, wall.second)) return null;
  if (utc) return { time: { type: "instant", at: new Date(Date.UTC(year, month - 1, day, wall.hour, wall.minute, wall.second)) }, zone: "UTC" };
  const tzid = line.params.TZID;
  if (tzid) {
    const zone = resolveTzid(tzid, mappedZone);
    if (zone) return { time: { type: "instant", at: wallTimeToInstant(wall, zone) }, zone };
  }
  const seconds = value.length === 15 ? value.slice(13, 15) : "00";
  const local = `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}T${value.slice(9, 11)}:${value.slice(11, 13)}:${seconds}`;
  return tzid ? { time: { type: "floating", local }, unknownTzid: tzid } : { time: { type: "floating", local } };
}

/** For `YYYYMMDDTHHmm[ss][Z]` after its 8 date digits (T and Z in either case): whether it ends in Z; null for anything else. */
function dateTimeShape(value: string): boolean | null {
  const length = value.length;
  if (length < 13 || length > 16 || (value.charCodeAt(8) | 0x20) !== 0x74 || digitsAt(value, 9, 4) < 0) return null;
  const utc = (value.charCodeAt(length - 1) | 0x20) === 0x7a;
  const rest = length - 13 - (utc ? 1 : 0);
  if (rest === 0) return utc;
  return rest === 2 && digitsAt(value, 13, 2) >= 0 ? utc : null;
}

/** An IANA name, node-ical's mapping of a Windows name, or a fixed offset like `UTC+11`; else null. */
export function resolveTzid(tzid: string, mappedZone?: string): string | null {
  const cleaned = tzid.replace(/^"|"$/g, "").trim();
  // Some exporters prefix IANA names with a path such as "/mozilla.org/20050126_1/Europe/Paris".
  const segments = cleaned.split("/").filter(Boolean);
  for (let i = 0; i < segments.length; i++) {
    const candidate = segments.slice(i).join("/");
    if (isValidTimezone(candidate)) return candidate;
  }
  if (mappedZone && isValidTimezone(mappedZone)) return mappedZone;
  const offset = /^(?:UTC|GMT)\s*([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(cleaned);
  if (offset) {
    const zone = `UTC${offset[1]}${Number(offset[2])}${offset[3] && offset[3] !== "00" ? `:${offset[3]}` : ""}`;
    if (DateTime.now().setZone(zone).isValid) return zone;
  }
  return null;
}

/**
 * Applies an RFC 5545 DURATION (`P3D`, `PT2H`, `P1W`, `-P1D`) to a start time. Read leniently
 * (`PT1W` is seen in the wild), since M here can only mean minutes: iCalendar has no months.
 */
export function addIcalDuration(start: ReadTime, raw: string): ReadTime | null {
  const m = /^([+-])?P((?:T?\d+[WDHMS])+)$/i.exec(raw.trim().replace(/T(?=\d+[WD])/i, ""));
  if (!m) return null;
  const sign = m[1] === "-" ? -1 : 1;
  const units: Record<string, string> = { W: "weeks", D: "days", H: "hours", M: "minutes", S: "seconds" };
  const parts: Record<string, number> = {};
  for (const [, amount, unit] of m[2]!.toUpperCase().matchAll(/(\d+)([WDHMS])/g)) parts[units[unit!]!] = sign * Number(amount);
  return shiftTime(start, Duration.fromObject(parts));
}

/** Moves a time by whole wall-clock days (RRULE occurrences keep their local time across DST). */
export function shiftByDays(time: ReadTime, days: number): ReadTime {
  return shiftTime(time, Duration.fromObject({ days })) ?? time;
}

function shiftTime(start: ReadTime, duration: Duration): ReadTime | null {
  const t = start.time;
  if (t.type === "date") {
    const days = Math.trunc(duration.as("days"));
    return { ...start, time: { type: "date", date: addDays(t.date, days) } };
  }
  if (t.type === "floating") {
    const moved = DateTime.fromISO(t.local, { zone: "UTC" }).plus(duration);
    return { ...start, time: { type: "floating", local: moved.toFormat("yyyy-MM-dd'T'HH:mm:ss") } };
  }
  // RFC 5545: days and weeks are nominal (wall-clock), hours and smaller are exact.
  const zone = start.zone ?? "UTC";
  const { weeks = 0, days = 0, ...exact } = duration.shiftTo("weeks", "days", "hours", "minutes", "seconds", "milliseconds").toObject();
  const local = DateTime.fromJSDate(t.at, { zone }).plus({ weeks, days });
  const wall = { year: local.year, month: local.month, day: local.day, hour: local.hour, minute: local.minute, second: local.second };
  const at = wallTimeToInstant(wall, zone).getTime() + Duration.fromObject(exact).as("milliseconds");
  return { ...start, time: { type: "instant", at: new Date(at) } };
}

/** A stable text form, for hashing and for occurrence UIDs. */
export function eventTimeKey(time: EventTime): string {
  if (time.type === "date") return time.date;
  if (time.type === "floating") return time.local;
  return time.at.toISOString();
}

/** Orders two EventTimes of the same type; mixed types compare by their text form. */
export function compareEventTimes(a: EventTime, b: EventTime): number {
  if (a.type === "instant" && b.type === "instant") return a.at.getTime() - b.at.getTime();
  const ka = eventTimeKey(a);
  const kb = eventTimeKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** One event as the line reader understood it: times as written, before they become stays. */
export interface ReadEvent {
  uid: string;
  start: ReadTime;
  end: ReadTime;
  summary: string;
  description: string;
  status: EventStatus;
  sequence: number;
  recurrenceOf?: string;
}
