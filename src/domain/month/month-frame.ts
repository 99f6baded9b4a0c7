import { DateTime } from "luxon";
import { localToInstant } from "../calendar/local-time";

/** One local day of a month in a zone: its date and the instants it starts and ends (23 or 25 hours on DST days). */
export interface MonthDay {
  /** yyyy-mm-dd */
  date: string;
  /** 1..31 */
  day: number;
  /** 1 (Monday) .. 7 (Sunday) */
  weekday: number;
  start: Date;
  end: Date;
}

/** A month as a property's zone lives it: its local days, from the first local midnight to the next month's. */
export interface MonthFrame {
  /** yyyy-mm */
  month: string;
  zone: string;
  days: MonthDay[];
  start: Date;
  end: Date;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
// Far enough for any stay a calendar holds, near enough that every year is one the date library handles plainly.
const FIRST_YEAR = 1970;
const LAST_YEAR = 9998;

/** `2026-12` when it is a month staykey can draw, else null (`2026-13`, `26-12`, `2026-1`). */
export function parseMonth(value: string | undefined | null): string | null {
  const m = value ? MONTH.exec(value) : null;
  if (!m) return null;
  const year = Number(m[1]);
  return year >= FIRST_YEAR && year <= LAST_YEAR ? value! : null;
}

/** The month (yyyy-mm) an instant falls in, in a zone. */
export function monthOf(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toFormat("yyyy-LL");
}

/** The month `by` months after (or before, negative) `month`. */
export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const index = y * 12 + (m - 1) + by;
  return `${String(Math.floor(index / 12)).padStart(4, "0")}-${String((index % 12) + 1).padStart(2, "0")}`;
}

// Frames are the same for every request of a month and zone: kept, up to a bound (a page asks for one per zone).
const frames = new Map<string, MonthFrame>();
const MAX_FRAMES = 512;

/**
 * The local days of `month` in `zone`. Each day runs from its local midnight to the next one's, read by staykey's one
 * local-time rule (calendar/local-time: DST-exact, a midnight in a spring-forward gap moves to the first instant
 * after it), so a DST day is 23 or 25 hours long and a zone whose clocks jump at midnight starts that day at 01:00.
 * Dates and weekdays are counted on the calendar itself, never through a zone.
 */
export function monthFrame(month: string, zone: string): MonthFrame {
  const key = `${month}|${zone}`;
  const known = frames.get(key);
  if (known) return known;
  const [year, mon] = month.split("-").map(Number) as [number, number];
  const count = new Date(Date.UTC(year, mon, 0)).getUTCDate();
  const dates: string[] = [];
  for (let d = 1; d <= count + 1; d++) dates.push(new Date(Date.UTC(year, mon - 1, d)).toISOString().slice(0, 10));
  const starts = dates.map((date) => localToInstant(date, "00:00", zone));
  const days: MonthDay[] = [];
  for (let d = 0; d < count; d++) {
    const weekday = new Date(Date.UTC(year, mon - 1, d + 1)).getUTCDay();
    days.push({ date: dates[d]!, day: d + 1, weekday: weekday === 0 ? 7 : weekday, start: starts[d]!, end: starts[d + 1]! });
  }
  const frame = { month, zone, days, start: days[0]!.start, end: days[count - 1]!.end };
  if (frames.size >= MAX_FRAMES) frames.clear();
  frames.set(key, frame);
  return frame;
}

/** The index of the local day holding `at`, or null when it is outside the month. */
export function dayIndexOf(frame: MonthFrame, at: Date): number | null {
  const t = at.getTime();
  if (t < frame.start.getTime() || t >= frame.end.getTime()) return null;
  let lo = 0;
  let hi = frame.days.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (frame.days[mid]!.start.getTime() <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
