import { DateTime } from "luxon";

/**
 * How staykey shows a time to a person, on every page, in every message and calendar: in the property's zone (never
 * the server's or the browser's), in one format per locale (the property's: "Wed, Nov 25, 4:00 PM" in en-US,
 * "Wed 25 Nov, 16:00" in en-GB), and with the zone named ("EST", "Lisbon time") whenever the reader may be elsewhere: always
 * for a guest or cleaner, and on the dashboard when the property's zone differs from the viewer's.
 */
export interface TimeContext {
  /** The property's IANA zone. */
  zone: string;
  /** The property's locale (BCP 47). */
  locale: string;
  /** The reader's zone: the zone is named unless it is this one. Omitted: always named. */
  viewerZone?: string | null;
}

const DATE = { weekday: "short", month: "short", day: "numeric" } as const;
const CLOCK = { hour: "numeric", minute: "2-digit" } as const;

function dt(at: Date, ctx: TimeContext): DateTime {
  const d = DateTime.fromJSDate(at, { zone: ctx.zone });
  return (d.isValid ? d : DateTime.fromJSDate(at, { zone: "UTC" })).setLocale(safeLocale(ctx.locale));
}

/** A locale Intl accepts, else English: a bad stored value must not break a page or a message. */
export function safeLocale(locale: string): string {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([locale]).length ? locale : "en-US";
  } catch {
    return "en-US";
  }
}

/** "Lisbon time", "New York time", "UTC": a zone by its city, the same in summer and winter. */
export function zoneLabel(zone: string): string {
  if (zone === "UTC" || zone === "Etc/UTC") return "UTC";
  const city = zone.split("/").pop() ?? zone;
  return `${city.replace(/_/g, " ")} time`;
}

/**
 * The zone as a reader of this locale knows it at that instant: its abbreviation where the locale has a real one
 * ("EST", "EDT", "GMT", "CET"), else its city ("Lisbon time"), never a bare offset like "GMT+1".
 */
export function zoneName(at: Date, zone: string, locale: string): string {
  const short = dt(at, { zone, locale }).toFormat("ZZZZ");
  return /^[A-Z]{2,5}$/.test(short) ? short : zoneLabel(zone);
}

const named = (ctx: TimeContext) => !ctx.viewerZone || ctx.viewerZone !== ctx.zone;
const suffix = (at: Date, ctx: TimeContext) => (named(ctx) ? ` ${zoneName(at, ctx.zone, ctx.locale)}` : "");

/** "Wed 25 Nov, 16:00" (en-GB) / "Wed, Nov 25, 4:00 PM" (en-US), with the zone when it is named. */
export function showTime(at: Date | null | undefined, ctx: TimeContext): string {
  if (!at) return "—";
  return `${dt(at, ctx).toLocaleString({ ...DATE, ...CLOCK })}${suffix(at, ctx)}`;
}

/** The time of day alone, for a list already grouped by day: "16:00" / "4:00 PM". */
export function showClock(at: Date, ctx: TimeContext): string {
  return `${dt(at, ctx).toLocaleString(CLOCK)}${suffix(at, ctx)}`;
}

/** A day: "Wed 25 Nov" / "Wed, Nov 25". */
export function showDay(at: Date, ctx: TimeContext): string {
  return dt(at, ctx).toLocaleString(DATE);
}

/** A local date (yyyy-mm-dd) as a day, in the locale's format. */
export function showLocalDate(date: string, locale: string): string {
  const d = DateTime.fromISO(date, { zone: "UTC" });
  return d.isValid ? d.setLocale(safeLocale(locale)).toLocaleString(DATE) : date;
}

/** "Wed 25 Nov, 16:00 – Sat 28 Nov, 11:00 (Lisbon time)"; the end's date is left out when it is the same day. */
export function showWindow(from: Date, to: Date, ctx: TimeContext): string {
  const a = dt(from, ctx);
  const b = dt(to, ctx);
  const end = a.hasSame(b, "day") ? b.toLocaleString(CLOCK) : b.toLocaleString({ ...DATE, ...CLOCK });
  return `${a.toLocaleString({ ...DATE, ...CLOCK })} – ${end}${suffix(to, ctx)}`;
}

/** Whole days from local date `a` to local date `b` (yyyy-mm-dd), by the calendar, whatever the zone's DST does. */
export function daysBetween(a: string, b: string): number {
  return Math.round(DateTime.fromISO(b, { zone: "UTC" }).diff(DateTime.fromISO(a, { zone: "UTC" }), "days").days);
}
