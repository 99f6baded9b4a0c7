import { DateTime } from "luxon";
import { showTime, showWindow, type TimeContext } from "../domain/time";
import type { Viewer } from "../services/web/sessions";
import { localToInstant } from "../domain/calendar";

/**
 * How a page names a property's times (domain/time): its zone and locale, and the viewer's zone so the zone is named
 * only when it differs.
 */
export function zoned(p: { timezone: string; locale: string }, viewer?: Pick<Viewer, "timeZone"> | null): TimeContext {
  return { zone: p.timezone, locale: p.locale, viewerZone: viewer?.timeZone ?? null };
}

/** A bare zone (a page that has no property row at hand) reads as that zone in English, with the zone named. */
const asContext = (ctx: TimeContext | string): TimeContext => (typeof ctx === "string" ? { zone: ctx, locale: "en-US" } : ctx);

export function formatInstant(at: Date | null | undefined, ctx: TimeContext | string): string {
  return showTime(at, asContext(ctx));
}

export function formatWindow(from: Date, to: Date, ctx: TimeContext | string): string {
  return showWindow(from, to, asContext(ctx));
}

/** For `<input type="datetime-local">`: the wall-clock time in the property's zone. */
export function toLocalInput(at: Date | null | undefined, zone: string): string {
  return at ? DateTime.fromJSDate(at, { zone }).toFormat("yyyy-LL-dd'T'HH:mm") : "";
}

/**
 * Reads a datetime-local value (`2026-11-01T01:30`) as wall-clock time in `zone`, by the calendar engine's DST rule
 * (the API and the sync read local times the same way); null for empty, undefined for invalid.
 */
export function fromLocalInput(value: string, zone: string): Date | null | undefined {
  if (value.trim() === "") return null;
  const [date = "", time = ""] = value.split("T");
  try {
    return localToInstant(date, time, zone);
  } catch {
    return undefined;
  }
}
