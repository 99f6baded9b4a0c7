const PREFIX = "/demo/calendars/";
export const ANCHOR_FILE = /^(\d{4}-\d{2}-\d{2})\.ics$/;

/**
 * The demo feed's URL on this server. The anchor (the first check-in date) is in the path, so the URL says which
 * calendar it serves and a later run can tell whether the bookings need moving forward.
 */
export const sampleCalendarUrl = (origin: string, anchor: string) => `${origin}${PREFIX}${anchor}.ics`;

/** The anchor a sample-calendar URL was made for, or null for any other URL. */
export function anchorOfSampleCalendarUrl(url: string): string | null {
  try {
    const path = new URL(url).pathname;
    return path.startsWith(PREFIX) ? (ANCHOR_FILE.exec(path.slice(PREFIX.length))?.[1] ?? null) : null;
  } catch {
    return null;
  }
}
