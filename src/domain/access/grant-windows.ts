import { addDays, localDateOf, localToInstant } from "../calendar/local-time";
import type { CodeWindow } from "./code-window";
import type { GrantKind } from "./grant-kinds";

/** A weekly window in the property's zone: ISO weekdays (1 = Monday … 7 = Sunday) and local times "HH:MM". */
export interface Recurrence {
  weekdays: number[];
  startTime: string;
  endTime: string;
}

export interface GrantSchedule {
  kind: GrantKind;
  startsAt: Date;
  /** Null for `always`, and for a recurring grant with no last date. */
  endsAt: Date | null;
  recurrence: Recurrence | null;
}

/**
 * Where an `always` code's window ends: locks and vendors want an end, and this one is past any lock's life. The
 * code comes off the door when the grant is revoked, not at this instant.
 */
export const ALWAYS_UNTIL = new Date(Date.UTC(2100, 0, 1));

/** How far ahead a recurring grant's occurrences are planned (each gets its own code per lock); a daily job rolls it on. */
export const RECURRING_HORIZON_DAYS = 14;

const DAY_MS = 86_400_000;

/** ISO weekday (1 = Monday) of a `YYYY-MM-DD` calendar date. */
export function isoWeekday(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/**
 * The windows a grant's code works in that overlap [from, until), earliest first. A recurring grant's occurrence is
 * its local start and end times on each matching local date, each converted in the property's zone on its own date,
 * so a DST change between two occurrences moves the instants and not the wall-clock times (08:00 stays 08:00). An end
 * time at or before the start time ends the next day (a night shift). Occurrences start no earlier than the grant's
 * start and before its end.
 */
export function grantWindows(schedule: GrantSchedule, zone: string, from: Date, until: Date): CodeWindow[] {
  const overlaps = (w: CodeWindow) => w.from.getTime() < until.getTime() && w.to.getTime() > from.getTime();
  if (schedule.kind !== "recurring") {
    const w = { from: schedule.startsAt, to: schedule.endsAt ?? ALWAYS_UNTIL };
    return overlaps(w) ? [w] : [];
  }
  const rec = schedule.recurrence;
  if (!rec || rec.weekdays.length === 0) return [];
  const out: CodeWindow[] = [];
  const firstFrom = Math.max(from.getTime(), schedule.startsAt.getTime()) - DAY_MS;
  let date = localDateOf(new Date(firstFrom), zone);
  const last = localDateOf(new Date(until.getTime() + DAY_MS), zone);
  for (; date <= last; date = addDays(date, 1)) {
    if (!rec.weekdays.includes(isoWeekday(date))) continue;
    const start = localToInstant(date, rec.startTime, zone);
    const end = localToInstant(rec.endTime > rec.startTime ? date : addDays(date, 1), rec.endTime, zone);
    if (start.getTime() < schedule.startsAt.getTime()) continue;
    if (schedule.endsAt && start.getTime() >= schedule.endsAt.getTime()) continue;
    const w = { from: start, to: schedule.endsAt && end.getTime() > schedule.endsAt.getTime() ? schedule.endsAt : end };
    if (overlaps(w)) out.push(w);
  }
  return out;
}

/** Whether a grant can still open a door after `now` (its window, or its last occurrence, is not over). */
export function grantHasFuture(schedule: GrantSchedule, now: Date): boolean {
  if (schedule.kind === "always") return true;
  if (schedule.kind === "recurring") return schedule.endsAt === null || schedule.endsAt.getTime() > now.getTime();
  return (schedule.endsAt ?? ALWAYS_UNTIL).getTime() > now.getTime();
}
