import { datedBookings, type DatedBooking } from "../../services/demo/sample-bookings";
import { escapeText, foldLine, icalUtc } from "../ical/ical-text";

const ymd = (date: string) => date.replaceAll("-", "");

function event(b: DatedBooking, stamp: string): string[] {
  const lines = [
    "BEGIN:VEVENT",
    `DTSTAMP:${stamp}`,
    `DTSTART;VALUE=DATE:${ymd(b.start)}`,
    `DTEND;VALUE=DATE:${ymd(b.end)}`,
    `SUMMARY:${b.kind === "block" ? "Airbnb (Not available)" : "Reserved"}`,
    `UID:${b.uid}`,
  ];
  if (b.kind === "reservation") {
    // What Airbnb puts in an export today: the reservation link and the last four digits of the phone, never more.
    const last4 = b.guest?.phone?.slice(-4);
    const description = [`Reservation URL: https://www.airbnb.com/hosting/reservations/details/${b.reservationCode}`, ...(last4 ? [`Phone Number (Last 4 Digits): ${last4}`] : [])];
    lines.push(`DESCRIPTION:${escapeText(description.join("\n"))}`);
  }
  lines.push("END:VEVENT");
  return lines;
}

/** The demo listing's calendar as Airbnb exports it: all-day dates, `Reserved` and `Airbnb (Not available)`. */
export function renderSampleCalendar(anchor: string, now: Date): string {
  const stamp = icalUtc(now);
  const lines = ["BEGIN:VCALENDAR", "PRODID:-//Airbnb Inc//Hosting Calendar 1.0//EN", "CALSCALE:GREGORIAN", "VERSION:2.0"];
  for (const b of datedBookings(anchor)) lines.push(...event(b, stamp));
  lines.push("END:VCALENDAR");
  return lines.map(foldLine).join("\r\n") + "\r\n";
}
