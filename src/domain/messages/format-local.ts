import { showTime } from "../time/show-time";

/**
 * An instant as a guest or cleaner reads it: the one way staykey shows a time (domain/time), always with the zone named
 * since the reader may be anywhere ("Sat, Mar 7, 4:00 PM EST"; "Sat 7 Mar, 16:00 Lisbon time" where the locale has no
 * abbreviation for the zone). Never the server's zone.
 */
export function formatLocal(at: Date, zone: string, locale: string): string {
  return showTime(at, { zone, locale });
}
