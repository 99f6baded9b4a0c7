import { DateTime } from "luxon";

const HOUR_MS = 3_600_000;
/** Enough for every hour a few years of bookings touch in a few dozen zones; past it the cache starts over. */
const MAX_CACHED_HOURS = 200_000;

const formatters = new Map<string, Intl.DateTimeFormat | null>();
const hourOffsets = new Map<string, Map<number, number>>();
let cachedHours = 0;

/**
 * The UTC offset in minutes (fractional for old LMT offsets, as luxon reports them) of `zone` at `epochMs`.
 *
 * Placing a year of stays asks this two to four times per date, and luxon builds a DateTime and formats it each time (the
 * largest single cost of a cold sync). Offsets are remembered per (zone, UTC hour) only when the offset at both ends of
 * that hour agrees, i.e. no transition falls inside it (two transitions within one hour do not occur), so a cached
 * answer is exact whatever minute a zone changes at. Zones Intl does not know (`UTC+11`) go to luxon.
 */
export function zoneOffsetMinutes(epochMs: number, zone: string): number {
  const hour = Math.floor(epochMs / HOUR_MS);
  let offsets = hourOffsets.get(zone);
  const cached = offsets?.get(hour);
  if (cached !== undefined) return cached;

  const formatter = formatterFor(zone);
  if (!formatter) return DateTime.fromMillis(epochMs, { zone }).offset;
  const first = offsetFrom(formatter, hour * HOUR_MS);
  const last = offsetFrom(formatter, hour * HOUR_MS + HOUR_MS - 1_000);
  if (first !== last) return offsetFrom(formatter, epochMs);

  if (cachedHours >= MAX_CACHED_HOURS) {
    hourOffsets.clear();
    cachedHours = 0;
    offsets = undefined;
  }
  if (!offsets) {
    offsets = new Map();
    hourOffsets.set(zone, offsets);
  }
  offsets.set(hour, first);
  cachedHours++;
  return first;
}

function formatterFor(zone: string): Intl.DateTimeFormat | null {
  let formatter = formatters.get(zone);
  if (formatter !== undefined) return formatter;
  try {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      era: "short",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
  } catch {
    formatter = null;
  }
  // Only names a caller already validated (or fixed offsets) reach here, so the map stays as small as the tz database.
  formatters.set(zone, formatter);
  return formatter;
}

/** Wall clock of `epochMs` in the formatter's zone, read as if it were UTC, minus the instant (whole seconds, like luxon). */
function offsetFrom(formatter: Intl.DateTimeFormat, epochMs: number): number {
  const { year, month, day, hour, minute, second } = wallClockOf(formatter, epochMs);
  const wall = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
  // Date.UTC reads years 0-99 as 1900-1999; set the real year afterwards.
  wall.setUTCFullYear(year, month - 1, day);
  const whole = epochMs - (((epochMs % 1000) + 1000) % 1000);
  return (wall.getTime() - whole) / 60_000;
}

// What format() gives for the options above ("12/31/2025 AD, 19:00:00"): it and this regex cost a quarter of
// formatToParts() on a cache miss, and the first feeds of a zone miss on most dates. Any other shape reads the parts.
const FORMATTED = /^(\d+)\/(\d+)\/(\d+) (AD|BC), (\d+):(\d+):(\d+)$/;

/** A wall-clock reading, no zone attached. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The formatter's wall clock at `epochMs`, with BC years as astronomical years (1 BC is 0). */
function wallClockOf(formatter: Intl.DateTimeFormat, epochMs: number): WallTime {
  const m = FORMATTED.exec(formatter.format(epochMs));
  if (m) {
    const year = Number(m[3]);
    return { year: m[4] === "BC" ? 1 - year : year, month: Number(m[1]), day: Number(m[2]), hour: Number(m[5]) % 24, minute: Number(m[6]), second: Number(m[7]) };
  }
  const wall: WallTime = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  let bc = false;
  for (const part of formatter.formatToParts(epochMs)) {
    switch (part.type) {
      case "year": wall.year = Number(part.value); break;
      case "month": wall.month = Number(part.value); break;
      case "day": wall.day = Number(part.value); break;
      case "hour": wall.hour = Number(part.value) % 24; break;
      case "minute": wall.minute = Number(part.value); break;
      case "second": wall.second = Number(part.value); break;
      case "era": bc = /^b/i.test(part.value); break;
    }
  }
  if (bc) wall.year = 1 - wall.year;
  return wall;
}
