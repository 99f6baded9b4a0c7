/** Platform-shaped iCal bodies for sync scenarios, built per test so a calendar can move between syncs. */

export interface BookingSpec {
  uid: string;
  /** yyyy-mm-dd, all-day like the platforms publish. */
  start: string;
  end: string;
  code?: string;
  phoneLast4?: string;
  blocked?: boolean;
  cancelled?: boolean;
  guest?: string;
}

const ymd = (date: string) => date.replaceAll("-", "");

function calendar(prodid: string, events: string[]): string {
  return ["BEGIN:VCALENDAR", `PRODID:${prodid}`, "CALSCALE:GREGORIAN", "VERSION:2.0", ...events, "END:VCALENDAR", ""].join("\r\n");
}

function event(spec: BookingSpec, dtstamp: string, summary: string, extra: string[] = []): string {
  return [
    "BEGIN:VEVENT",
    `DTSTAMP:${dtstamp}`,
    `DTSTART;VALUE=DATE:${ymd(spec.start)}`,
    `DTEND;VALUE=DATE:${ymd(spec.end)}`,
    `SUMMARY:${summary}`,
    `UID:${spec.uid}`,
    ...(spec.cancelled ? ["STATUS:CANCELLED"] : []),
    ...extra,
    "END:VEVENT",
  ].join("\r\n");
}

/** Airbnb's current export: `Reserved` with the reservation URL and phone last 4, `Airbnb (Not available)` blocks. */
export function airbnbCalendar(bookings: BookingSpec[], opts: { dtstamp?: string } = {}): string {
  const dtstamp = opts.dtstamp ?? "20260901T080000Z";
  return calendar(
    "-//Airbnb Inc//Hosting Calendar 1.0//EN",
    bookings.map((b) =>
      b.blocked
        ? event(b, dtstamp, "Airbnb (Not available)")
        : event(b, dtstamp, "Reserved", [
            // Folded mid-URL, as Airbnb does at 75 octets.
            "DESCRIPTION:Reservation URL: https://www.airbnb.com/hosting/reservations/de",
            ` tails/${b.code ?? "HMAAAAAAAA"}\\nPhone Number (Last 4 Digits): ${b.phoneLast4 ?? "0000"}`,
          ]),
    ),
  );
}

export function vrboCalendar(bookings: BookingSpec[]): string {
  return calendar(
    "-//HomeAway.com, Inc.//EN",
    bookings.map((b) => event(b, "20260901T080000Z", b.blocked ? "Blocked" : `Reserved - ${b.guest ?? "Guest"}`)),
  );
}

export function bookingComCalendar(bookings: BookingSpec[]): string {
  return calendar(
    "-//admin.booking.com\\, b.v.//NONSGML v1.0//EN",
    bookings.map((b) => event(b, "20260901T080000Z", "CLOSED - Not available")),
  );
}

export const airbnbUid = (n: number) => `1418fb94e984-${n.toString(16).padStart(32, "0")}@airbnb.com`;
