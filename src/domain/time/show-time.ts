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

// Intl formatters are costly to build and cheap to reuse: one per locale, zone and shape (a page lists hundreds of times).
const formats = new Map<string, Intl.DateTimeFormat>();
function cached(locale: string, zone: string, shape: "date" | "clock" | "both" | "tz"): Intl.DateTimeFormat {
  const key = `${locale}|${zone}|${shape}`;
  let f = formats.get(key);
  if (!f) {
    const opts: Intl.DateTimeFormatOptions =
      shape === "date" ? DATE : shape === "clock" ? CLOCK : shape === "both" ? { ...DATE, ...CLOCK } : { hour: "numeric", timeZoneName: "short" };
    f = new Intl.DateTimeFormat(locale, { ...opts, timeZone: zone });
    formats.set(key, f);
  }
  return f;
}

/** A valid zone and locale for Intl: an unknown zone reads as UTC, an unknown locale as en-US. */
function norm(ctx: Pick<TimeContext, "zone" | "locale">): { zone: string; locale: string } {
  const locale = safeLocale(ctx.locale);
  try {
    cached(locale, ctx.zone, "clock");
    return { zone: ctx.zone, locale };
  } catch {
    return { zone: "UTC", locale };
  }
}

const fmt = (at: Date, ctx: Pick<TimeContext, "zone" | "locale">, shape: "date" | "clock" | "both") => {
  const { zone, locale } = norm(ctx);
  return cached(locale, zone, shape).format(at);
};

/** A locale Intl accepts, else English: a bad stored value must not break a page or a message. */
const locales = new Map<string, string>();
export function safeLocale(locale: string): string {
  const known = locales.get(locale);
  if (known) return known;
  const ok = checkLocale(locale);
  locales.set(locale, ok);
  return ok;
}

function checkLocale(locale: string): string {
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
  return perQuarterHour(zoneNames, `${zone}|${locale}`, at, () => {
    const n = norm({ zone, locale });
    const short = cached(n.locale, n.zone, "tz").formatToParts(at).find((p) => p.type === "timeZoneName")?.value ?? "";
    return /^[A-Z]{2,5}$/.test(short) ? short : zoneLabel(zone);
  });
}

const QUARTER_HOUR = 900_000;
const zoneNames = new Map<string, string>();

/**
 * `compute()` memoised per key and quarter hour of UTC: every zone's offsets have been whole quarter hours since the
 * 1970s, so its DST changes and local midnights fall on quarter hours of UTC and a zone's date or abbreviation cannot
 * change within one. A calendar page asks for hundreds of times that share a few quarters; Intl costs microseconds
 * each. Bounded: cleared when it grows past what a few busy pages need.
 */
function perQuarterHour(cache: Map<string, string>, key: string, at: Date, compute: () => string): string {
  const k = `${key}|${Math.floor(at.getTime() / QUARTER_HOUR)}`;
  let v = cache.get(k);
  if (v === undefined) {
    v = compute();
    if (cache.size >= 50_000) cache.clear();
    cache.set(k, v);
  }
  return v;
}

const named = (ctx: TimeContext) => !ctx.viewerZone || ctx.viewerZone !== ctx.zone;
const suffix = (at: Date, ctx: TimeContext) => (named(ctx) ? ` ${zoneName(at, ctx.zone, ctx.locale)}` : "");

/** "Wed 25 Nov, 16:00" (en-GB) / "Wed, Nov 25, 4:00 PM" (en-US), with the zone when it is named. */
export function showTime(at: Date | null | undefined, ctx: TimeContext): string {
  if (!at) return "—";
  return `${fmt(at, ctx, "both")}${suffix(at, ctx)}`;
}

/** The time of day alone, for a list already grouped by day: "16:00" / "4:00 PM". */
export function showClock(at: Date, ctx: TimeContext): string {
  return `${fmt(at, ctx, "clock")}${suffix(at, ctx)}`;
}

/** A day: "Wed 25 Nov" / "Wed, Nov 25". */
export function showDay(at: Date, ctx: TimeContext): string {
  return fmt(at, ctx, "date");
}

/** A local date (yyyy-mm-dd) as a day, in the locale's format. */
export function showLocalDate(date: string, locale: string): string {
  const d = DateTime.fromISO(date, { zone: "UTC" });
  return d.isValid ? d.setLocale(safeLocale(locale)).toLocaleString(DATE) : date;
}

/** "Wed 25 Nov, 16:00 – Sat 28 Nov, 11:00 (Lisbon time)"; the end's date is left out when it is the same day. */
export function showWindow(from: Date, to: Date, ctx: TimeContext): string {
  const sameDay = localDayOf(from, norm(ctx).zone) === localDayOf(to, norm(ctx).zone);
  const end = sameDay ? fmt(to, ctx, "clock") : fmt(to, ctx, "both");
  return `${fmt(from, ctx, "both")} – ${end}${suffix(to, ctx)}`;
}

/** Whole days from local date `a` to local date `b` (yyyy-mm-dd), by the calendar, whatever the zone's DST does. */
export function daysBetween(a: string, b: string): number {
  // yyyy-mm-dd parses as UTC midnight: whole days apart, with no zone's DST in between.
  return Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The local date (yyyy-mm-dd) of an instant in a zone, the same answer as calendar/local-time's localDateOf, for loops
 * over many rows: one cached Intl formatter per zone instead of a Luxon DateTime per call.
 */
export function localDayOf(at: Date, zone: string): string {
  return perQuarterHour(localDays, zone, at, () => {
    let f = dayFormats.get(zone);
    if (!f) {
      f = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" });
      dayFormats.set(zone, f);
    }
    return f.format(at);
  });
}
const localDays = new Map<string, string>();

/** A month (yyyy-mm) by name in the locale: "December 2026", "décembre 2026". */
export function showMonth(month: string, locale: string): string {
  const d = DateTime.fromISO(`${month}-01`, { zone: "UTC" });
  return d.isValid ? d.setLocale(safeLocale(locale)).toLocaleString({ month: "long", year: "numeric" }) : month;
}

const weekdayNames = new Map<string, string[]>();

/** A weekday (1 Monday .. 7 Sunday) as the locale abbreviates it: "Mon", "lun.". */
export function showWeekday(weekday: number, locale: string): string {
  const l = safeLocale(locale);
  let names = weekdayNames.get(l);
  if (!names) {
    const f = new Intl.DateTimeFormat(l, { weekday: "short", timeZone: "UTC" });
    // 5 January 1970 was a Monday.
    names = Array.from({ length: 7 }, (_, i) => f.format(new Date(Date.UTC(1970, 0, 5 + i))));
    weekdayNames.set(l, names);
  }
  return names[(weekday - 1 + 7) % 7] ?? "";
}
