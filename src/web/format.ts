import { DateTime } from "luxon";
import { localToInstant } from "../domain/calendar";

/** Every time on a page is shown in the property's own zone (never the server's), labelled with it. */
export function formatInstant(at: Date | null | undefined, zone: string): string {
  if (!at) return "—";
  return DateTime.fromJSDate(at, { zone }).toFormat("ccc d LLL yyyy, HH:mm");
}

export function formatWindow(from: Date, to: Date, zone: string): string {
  const a = DateTime.fromJSDate(from, { zone });
  const b = DateTime.fromJSDate(to, { zone });
  const end = a.hasSame(b, "day") ? b.toFormat("HH:mm") : b.toFormat("ccc d LLL, HH:mm");
  return `${a.toFormat("ccc d LLL, HH:mm")} – ${end} (${a.offsetNameShort ?? zone})`;
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
