import { DateTime } from "luxon";

/**
 * An instant as a guest or cleaner reads it: in the property's zone and locale, with the zone's abbreviation so a
 * traveller in another zone is not misled ("Sat, Mar 7, 4:00 PM EST"). Never the server's zone.
 */
export function formatLocal(at: Date, zone: string, locale: string): string {
  return DateTime.fromJSDate(at, { zone })
    .setLocale(locale)
    .toLocaleString({ weekday: "short", month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZoneName: "short" });
}
