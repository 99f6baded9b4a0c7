/**
 * Leading path segments that read like words ("calendar", "ical", "icalendar") help a host tell
 * feeds apart; anything with digits or of token length may be the secret (VRBO and Google put the
 * token in the path, Airbnb and Booking.com in the query), so it and everything after it is hidden.
 */
const WORD_SEGMENT = /^[a-z][a-z_-]{0,15}(\.(ics|ical|html|php|aspx?))?$/i;
const MAX_SHOWN_SEGMENTS = 3;
const ELLIPSIS = "…";

/**
 * A feed URL fit for API responses, logs and the dashboard:
 * `https://www.airbnb.com/calendar/ical/123.ics?s=tok` → `https://www.airbnb.com/calendar/ical/…`.
 * Never shows a query, fragment, credentials or token-like path segment.
 */
export function redactFeedUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "(invalid URL)";
  }
  const origin = `${parsed.protocol}//${parsed.host}`;
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return `${parsed.protocol}${ELLIPSIS}`;

  const segments = parsed.pathname.split("/").filter((s) => s !== "");
  const shown: string[] = [];
  for (const segment of segments) {
    if (shown.length >= MAX_SHOWN_SEGMENTS || !WORD_SEGMENT.test(segment)) break;
    shown.push(segment);
  }
  const hidden = shown.length < segments.length || parsed.search !== "" || parsed.hash !== "";
  const path = shown.length > 0 ? `/${shown.join("/")}` : "";
  return hidden ? `${origin}${path}/${ELLIPSIS}` : `${origin}${path || "/"}`;
}
