import { isValidTimezone, localDateOf, localToInstant, parseLocalDateTime, wallTimeToInstant } from "./local-time";
import type { EventTime, FeedEvent, PropertyTimes, StayDates } from "./types";

/**
 * The local dates and instants of a stay at a property.
 * - DATE values are local nights: check-in at the property's check-in time on the start date,
 *   checkout at its checkout time on the end date, both in the property's IANA zone.
 * - DATE-TIME values with UTC or a TZID keep their instant: a PMS that publishes a 14:00 late
 *   checkout means 14:00, whatever the property default says.
 * - Floating DATE-TIMEs are read in the calendar's X-WR-TIMEZONE when given, else the property's zone.
 * DST edges follow `wallTimeToInstant` (gap: shifted forward; overlap: first occurrence).
 */
export function stayInstants(event: Pick<FeedEvent, "start" | "end">, property: PropertyTimes, calendarTimezone?: string): StayDates {
  if (!isValidTimezone(property.timezone)) throw new Error(`property time zone is not an IANA zone: ${property.timezone}`);
  const floatingZone = calendarTimezone && isValidTimezone(calendarTimezone) ? calendarTimezone : property.timezone;
  const checkInAt = instantOf(event.start, property.checkInTime, property.timezone, floatingZone);
  const checkOutAt = instantOf(event.end, property.checkOutTime, property.timezone, floatingZone);
  return {
    checkInDate: dateOf(event.start, checkInAt, property.timezone),
    checkOutDate: dateOf(event.end, checkOutAt, property.timezone),
    checkInAt,
    checkOutAt,
  };
}

function instantOf(time: EventTime, defaultTime: string, propertyZone: string, floatingZone: string): Date {
  if (time.type === "date") return localToInstant(time.date, defaultTime, propertyZone);
  if (time.type === "instant") return time.at;
  const wall = parseLocalDateTime(time.local);
  if (!wall) throw new Error(`invalid floating time: ${time.local}`);
  return wallTimeToInstant(wall, floatingZone);
}

function dateOf(time: EventTime, at: Date, propertyZone: string): string {
  return time.type === "date" ? time.date : localDateOf(at, propertyZone);
}
