import { DateTime } from "luxon";
import { wallTimeToInstant } from "../calendar/local-time";

/**
 * When the guest's code message goes out. The lead is read in the property's local time: its whole days are calendar
 * days (a 24 h lead before a 16:00 check-in means 16:00 the day before, even when a DST change lies between, so the
 * guest gets it at the hour the host expects), and any remainder is exact minutes before that. A booking made inside
 * the lead gets its message at once.
 */
export function guestSendAt(input: { checkInAt: Date; zone: string; leadMinutes: number; now: Date }): Date {
  const lead = Math.max(0, Math.round(input.leadMinutes));
  const local = DateTime.fromJSDate(input.checkInAt, { zone: input.zone });
  const dayBefore = local.minus({ days: Math.floor(lead / 1440) });
  const wall = { year: dayBefore.year, month: dayBefore.month, day: dayBefore.day, hour: local.hour, minute: local.minute, second: local.second };
  const at = wallTimeToInstant(wall, input.zone).getTime() - (lead % 1440) * 60_000;
  return new Date(Math.max(at, input.now.getTime()));
}

/**
 * A cleaner hears about a turnover at `hour`:00 property time on the local day before it starts (DST-safe through
 * the shared wall-time rule); a turnover that appears after that moment is announced at once.
 */
export function cleanerNoticeAt(input: { startsAt: Date; zone: string; hour: number; now: Date }): Date {
  const day = DateTime.fromJSDate(input.startsAt, { zone: input.zone }).minus({ days: 1 });
  const at = wallTimeToInstant({ year: day.year, month: day.month, day: day.day, hour: input.hour, minute: 0, second: 0 }, input.zone);
  return new Date(Math.max(at.getTime(), input.now.getTime()));
}

/** The property-local date an instant falls on (YYYY-MM-DD). */
export function localDateOf(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toISODate()!;
}
