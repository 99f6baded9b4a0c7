import { DateTime, IANAZone } from "luxon";
import { zoneOffsetMinutes } from "./zone-offset";

// luxon's isValidZone builds an Intl.DateTimeFormat on every call (~0.2 ms and a heavy ICU object); it runs several
// times per event, so known-good zones are remembered. Only valid names are kept: the set is bounded by the tz database,
// whatever a feed's X-WR-TIMEZONE says.
const knownZones = new Set<string>();

/** True for an IANA zone name the runtime knows (`Europe/Berlin`), false for `UTC+11` or `Mars/Base`. */
export function isValidTimezone(zone: string): boolean {
  if (knownZones.has(zone)) return true;
  const valid = typeof zone === "string" && zone.length > 0 && IANAZone.isValidZone(zone);
  if (valid) knownZones.add(zone);
  return valid;
}

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/**
 * The instant a wall-clock time means in `zone`, with one documented rule for DST edges:
 * - a time in the spring-forward gap (02:30 on a day that jumps 02:00 -> 03:00) is shifted
 *   forward by the gap length (-> 03:30), so a check-in never lands before the intended hour;
 * - an ambiguous time in the fall-back overlap takes its FIRST occurrence (the earlier instant).
 * luxon alone is not consistent on the overlap (it picks the later offset in some zones and the
 * earlier in others), hence the explicit check.
 */
export function wallTimeToInstant(wall: WallTime, zone: string): Date {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const offsetBefore = offsetMinutes(asUtc - 36 * 3_600_000, zone);
  const offsetAfter = offsetMinutes(asUtc + 36 * 3_600_000, zone);
  const candidates = [...new Set([offsetBefore, offsetAfter])]
    .map((offset) => asUtc - offset * 60_000)
    .filter((instant) => matchesWall(instant, zone, asUtc));
  if (candidates.length > 0) return new Date(Math.min(...candidates));
  // In the gap: read the wall time with the offset in force before the jump, which lands after it.
  return new Date(asUtc - offsetBefore * 60_000);
}

/** `localToInstant("2025-03-09", "16:00", "America/New_York")`: a property's local date and time as an instant. */
export function localToInstant(date: string, time: string, zone: string): Date {
  const wall = parseLocalDateTime(`${date}T${time.length === 5 ? `${time}:00` : time}`);
  if (!wall) throw new Error(`invalid local date/time: ${date} ${time}`);
  if (!isValidTimezone(zone)) throw new Error(`unknown time zone: ${zone}`);
  return wallTimeToInstant(wall, zone);
}

/** Parses `YYYY-MM-DDTHH:mm:ss` strictly (rejects Feb 30 and hour 24). */
export function parseLocalDateTime(local: string): WallTime | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(local);
  if (!m) return null;
  const wall = { year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +m[4]!, minute: +m[5]!, second: +m[6]! };
  // A Date.UTC round trip rejects Feb 30 and hour 24 without luxon's per-call cost (hot path).
  const check = new Date(Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second));
  const valid = check.getUTCFullYear() === wall.year && check.getUTCMonth() === wall.month - 1 && check.getUTCDate() === wall.day &&
    check.getUTCHours() === wall.hour && check.getUTCMinutes() === wall.minute && check.getUTCSeconds() === wall.second;
  return valid ? wall : null;
}

/** The local date (`YYYY-MM-DD`) of an instant in a zone. */
export function localDateOf(at: Date, zone: string): string {
  const local = new Date(at.getTime() + offsetMinutes(at.getTime(), zone) * 60_000).toISOString();
  // Years outside 0000-9999 come out as `+010000-…`; luxon spells those its own way.
  return local.charCodeAt(4) === 45 ? local.slice(0, 10) : DateTime.fromJSDate(at, { zone }).toISODate()!;
}

/** Adds calendar days to a `YYYY-MM-DD` date. */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split("-").map(Number);
  return new Date(Date.UTC(year!, month! - 1, day! + days)).toISOString().slice(0, 10);
}

function offsetMinutes(epochMs: number, zone: string): number {
  return zoneOffsetMinutes(epochMs, zone);
}

function matchesWall(instant: number, zone: string, asUtc: number): boolean {
  return instant + offsetMinutes(instant, zone) * 60_000 === asUtc;
}
