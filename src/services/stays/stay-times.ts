import type { PropertyRow, StayRow } from "../../db/rows";
import { localToInstant } from "../../domain/calendar";
import { invalid, invalidField } from "../errors";

type Property = Pick<PropertyRow, "timezone" | "checkInTime" | "checkOutTime">;
type Stay = Pick<StayRow, "checkInDate" | "checkOutDate" | "checkInAt" | "checkOutAt" | "earlyCheckInAt" | "lateCheckOutAt">;

export const MAX_NIGHTS = 366;
const nights = (a: string, b: string) => (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000;
/** A stay lasts at least a night and at most a year; either date may be absent (a patch that moves only one). */
export const datesInOrder = (s: { checkInDate?: string; checkOutDate?: string }) =>
  !s.checkInDate || !s.checkOutDate || (nights(s.checkInDate, s.checkOutDate) >= 1 && nights(s.checkInDate, s.checkOutDate) <= MAX_NIGHTS);
export const DATES_MESSAGE = `checkOutDate must be 1 to ${MAX_NIGHTS} days after checkInDate`;

const OVERRIDE_REACH_MS = 24 * 60 * 60 * 1000;

/**
 * A property-local date and time as an instant, by the calendar engine's one DST rule (a time in the spring gap
 * moves forward, a time that occurs twice is its first occurrence), so a host's manual stay and a feed's stay on the
 * same dates land on the same instants.
 */
function localInstant(date: string, time: string, zone: string): Date {
  try {
    return localToInstant(date, time, zone);
  } catch {
    throw invalid(`${date} ${time} is not a valid local time in ${zone}`);
  }
}

/** A stay no feed places (manual, or left by a deleted feed): its local dates at the property's check-in and checkout times. */
export function manualStayInstants(property: Property, checkInDate: string, checkOutDate: string) {
  return {
    checkInAt: localInstant(checkInDate, property.checkInTime, property.timezone),
    checkOutAt: localInstant(checkOutDate, property.checkOutTime, property.timezone),
  };
}

/** `"13:00"` is read on `date` in the property's zone; anything else is already an instant. */
export function resolveOverride(value: string | null | undefined, date: string, zone: string): Date | null | undefined {
  if (value === undefined || value === null) return value;
  return /^\d{2}:\d{2}$/.test(value) ? localInstant(date, value, zone) : new Date(value);
}

/**
 * Overrides widen the stay, never shrink or move it: early check-in is at most a day before the normal
 * check-in, late checkout at most a day after the normal checkout. Anything further is a date change.
 */
export function checkOverrides(stay: Stay): void {
  const inAt = stay.checkInAt.getTime();
  const outAt = stay.checkOutAt.getTime();
  const early = stay.earlyCheckInAt?.getTime();
  const late = stay.lateCheckOutAt?.getTime();
  if (early !== undefined && (early > inAt || early < inAt - OVERRIDE_REACH_MS)) {
    throw invalid("earlyCheckInAt must fall within the 24 hours before the normal check-in", [
      { path: "earlyCheckInAt", message: `must be between ${new Date(inAt - OVERRIDE_REACH_MS).toISOString()} and ${new Date(inAt).toISOString()}` },
    ]);
  }
  if (late !== undefined && (late < outAt || late > outAt + OVERRIDE_REACH_MS)) {
    throw invalid("lateCheckOutAt must fall within the 24 hours after the normal checkout", [
      { path: "lateCheckOutAt", message: `must be between ${new Date(outAt).toISOString()} and ${new Date(outAt + OVERRIDE_REACH_MS).toISOString()}` },
    ]);
  }
}

/** The dates a stay will have after a change, refused (naming checkOutDate) when they are out of order or too far apart. */
export function checkDates(dates: { checkInDate: string; checkOutDate: string }): void {
  if (!datesInOrder(dates)) throw invalidField("checkOutDate", DATES_MESSAGE);
}
