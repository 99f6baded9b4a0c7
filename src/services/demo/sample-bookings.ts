import { DateTime } from "luxon";

export interface SampleGuest {
  name: string;
  /** Fictional numbers (555-01xx) and example.com addresses: the demo forces the outbox, and these reach no one anyway. */
  phone?: string;
  email?: string;
}

export interface SampleBooking {
  uid: string;
  /** Nights after the anchor date the booking starts, and how many nights it lasts. */
  startOffset: number;
  nights: number;
  kind: "reservation" | "block";
  reservationCode?: string;
  guest?: SampleGuest;
}

export interface DatedBooking extends SampleBooking {
  /** yyyy-mm-dd, all-day, as Airbnb publishes them. */
  start: string;
  end: string;
}

/**
 * The demo listing's calendar: a stay checking in on the anchor day and a back-to-back one right after it (a same-day
 * turnover for the cleaner), then an owner block and a later stay whose code is not due yet. UIDs are stable, so a
 * re-anchored calendar moves these bookings instead of replacing them.
 */
export const SAMPLE_BOOKINGS: readonly SampleBooking[] = [
  { uid: "staykey-demo-stay-1@airbnb.com", startOffset: 0, nights: 2, kind: "reservation", reservationCode: "HMDEMO4Q2K", guest: { name: "Maya Chen", phone: "+15555550123" } },
  { uid: "staykey-demo-stay-2@airbnb.com", startOffset: 2, nights: 3, kind: "reservation", reservationCode: "HMDEMO7R5T", guest: { name: "Jonas Berg", phone: "+15555550147", email: "jonas.berg@example.com" } },
  { uid: "staykey-demo-block-1@airbnb.com", startOffset: 5, nights: 2, kind: "block" },
  { uid: "staykey-demo-stay-3@airbnb.com", startOffset: 9, nights: 4, kind: "reservation", reservationCode: "HMDEMO9W3X", guest: { name: "Priya Nair", email: "priya.nair@example.com" } },
];

/** Check-in times before this local hour still count as "later today" for a fresh demo. */
const LATEST_SAME_DAY_HOUR = 14;

/**
 * The local date the first sample stay checks in: today while a 16:00 check-in is still hours away, else tomorrow.
 * Read in the property's zone, never the server's.
 */
export function freshAnchor(now: Date, zone: string): string {
  const local = DateTime.fromJSDate(now, { zone });
  return (local.hour < LATEST_SAME_DAY_HOUR ? local : local.plus({ days: 1 })).toISODate()!;
}

/**
 * Keeps an earlier run's anchor while it is still today or later, so running the demo twice the same day changes
 * nothing; an older anchor is replaced and the bookings move forward to stay upcoming.
 */
export function anchorFor(existing: string | null, now: Date, zone: string): string {
  const today = DateTime.fromJSDate(now, { zone }).toISODate()!;
  if (existing && existing >= today) return existing;
  return freshAnchor(now, zone);
}

export function datedBookings(anchor: string): DatedBooking[] {
  const day = DateTime.fromISO(anchor, { zone: "UTC" });
  if (!day.isValid) throw new Error(`not a date: ${anchor}`);
  return SAMPLE_BOOKINGS.map((b) => ({
    ...b,
    start: day.plus({ days: b.startOffset }).toISODate()!,
    end: day.plus({ days: b.startOffset + b.nights }).toISODate()!,
  }));
}
