import { DateTime, IANAZone } from "luxon";
import { zoneOffsetMinutes, type WallTime } from "./zone-offset";

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

const ZERO = 0x30;
const DASH = 0x2d;
const COLON = 0x3a;
const T = 0x54;

export type { WallTime };

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
  const before = asUtc - offsetBefore * 60_000;
  // Both offsets around the date are tried only when they differ; of those that read back as this wall time, the earlier wins.
  if (offsetAfter !== offsetBefore) {
    const after = asUtc - offsetAfter * 60_000;
    if (matchesWall(after, zone, asUtc)) return new Date(matchesWall(before, zone, asUtc) ? Math.min(before, after) : after);
  }
  // It matched, or it is in the gap: read with the offset in force before the jump, which lands after it.
  return new Date(before);
}

/** `localToInstant("2025-03-09", "16:00", "America/New_York")`: a property's local date and time as an instant. */
export function localToInstant(date: string, time: string, zone: string): Date {
  const wall = parseDateAndTime(date, time);
  if (!wall) throw new Error(`invalid local date/time: ${date} ${time}`);
  if (!isValidTimezone(zone)) throw new Error(`unknown time zone: ${zone}`);
  return wallTimeToInstant(wall, zone);
}

/** Parses `YYYY-MM-DDTHH:mm:ss` strictly (rejects Feb 30 and hour 24). */
export function parseLocalDateTime(local: string): WallTime | null {
  // By char codes rather than a regex and a Date round trip: this runs for every date of every event (hot path).
  if (local.length !== 19 || local.charCodeAt(4) !== DASH || local.charCodeAt(7) !== DASH || local.charCodeAt(10) !== T ||
    local.charCodeAt(13) !== COLON || local.charCodeAt(16) !== COLON) return null;
  const year = digitsAt(local, 0, 4);
  const month = digitsAt(local, 5, 2);
  const day = digitsAt(local, 8, 2);
  const hour = digitsAt(local, 11, 2);
  const minute = digitsAt(local, 14, 2);
  const second = digitsAt(local, 17, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return null;
  return isValidWallTime(year, month, day, hour, minute, second) ? { year, month, day, hour, minute, second } : null;
}

/**
 * `parseLocalDateTime(\`${date}T${time}\`)` with `HH:mm` read as `HH:mm:00`, without building that string: it runs
 * twice for every all-day stay placed.
 */
function parseDateAndTime(date: string, time: string): WallTime | null {
  const withSeconds = time.length === 8 && time.charCodeAt(5) === COLON;
  if (date.length !== 10 || date.charCodeAt(4) !== DASH || date.charCodeAt(7) !== DASH || (time.length !== 5 && !withSeconds) || time.charCodeAt(2) !== COLON) return null;
  const year = digitsAt(date, 0, 4);
  const month = digitsAt(date, 5, 2);
  const day = digitsAt(date, 8, 2);
  const hour = digitsAt(time, 0, 2);
  const minute = digitsAt(time, 3, 2);
  const second = withSeconds ? digitsAt(time, 6, 2) : 0;
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return null;
  return isValidWallTime(year, month, day, hour, minute, second) ? { year, month, day, hour, minute, second } : null;
}

/**
 * Rejects Feb 30, hour 24, second 60, and years 0-99 (which Date.UTC would read as 1900-1999; rejecting them is what
 * the Date round trip this replaced did).
 */
export function isValidWallTime(year: number, month: number, day: number, hour: number, minute: number, second: number): boolean {
  return year >= 100 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && hour <= 23 && minute <= 59 && second <= 59;
}

/** The value of `count` ASCII digits at `from`, or -1 if any of them is not a digit. */
export function digitsAt(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const digit = text.charCodeAt(i) - ZERO;
    if (!(digit >= 0 && digit <= 9)) return -1;
    value = value * 10 + digit;
  }
  return value;
}

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
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

/** The next time (after `now`) a wall clock in `zone` reads `hour`:00, DST-safe through luxon. */
export function nextLocalHour(now: Date, zone: string, hour: number): Date {
  const local = DateTime.fromJSDate(now, { zone });
  const today = local.set({ hour, minute: 0, second: 0, millisecond: 0 });
  return (today.toMillis() > now.getTime() ? today : today.plus({ days: 1 }).set({ hour, minute: 0 })).toJSDate();
}
