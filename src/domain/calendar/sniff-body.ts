import type { ParsedFeedFailure } from "./types";

/** Feeds above this are refused before any work: Airbnb's largest real feeds are well under 1 MB. */
export const MAX_FEED_BYTES = 10 * 1024 * 1024;

export function bodyTooLarge(byteLength: number): ParsedFeedFailure | null {
  if (byteLength <= MAX_FEED_BYTES) return null;
  return { ok: false, reason: "too_large", detail: `body is ${byteLength} bytes, over the ${MAX_FEED_BYTES}-byte cap` };
}

/**
 * Rejects bodies that are not a complete iCalendar before node-ical sees them: node-ical returns
 * an empty calendar, with no error, for an HTML error page, a JSON error body or an empty string,
 * and that would read as "every booking was cancelled". Details never quote the body (it can echo
 * the secret feed URL or a guest's data).
 */
export function sniffBody(text: string): ParsedFeedFailure | null {
  const trimmed = text.replace(/^[\s\u0000\ufeff]+/, "");
  if (trimmed.length === 0) return fail("empty_body", text.length === 0 ? "body is empty" : `body is ${text.length} characters of whitespace`);
  if (/^<(?:!doctype html|html|head|body|!--)/i.test(trimmed) || /<html[\s>]/i.test(trimmed.slice(0, 2048))) {
    return fail("html", `body is an HTML page (${titleHint(trimmed)}), not a calendar: a login page, error page or wrong URL`);
  }
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) return fail("json", `body is JSON (${jsonHint(trimmed)}), not a calendar: usually an API error`);
  if (!/^BEGIN:VCALENDAR\s*$/im.test(firstLine(trimmed))) {
    return fail("not_icalendar", `body does not start with BEGIN:VCALENDAR (first line has ${firstLine(trimmed).length} characters${trimmed.startsWith("<") ? ", looks like XML" : ""})`);
  }
  const lastLine = lastNonBlankLine(trimmed);
  if (!/^END:VCALENDAR$/i.test(lastLine)) {
    const opened = countLines(trimmed, /^BEGIN:VEVENT$/gim);
    const closed = countLines(trimmed, /^END:VEVENT$/gim);
    return fail("truncated", `body ends without END:VCALENDAR after ${text.length} characters (${opened} BEGIN:VEVENT, ${closed} END:VEVENT)`);
  }
  return null;
}

function fail(reason: ParsedFeedFailure["reason"], detail: string): ParsedFeedFailure {
  return { ok: false, reason, detail };
}

function firstLine(text: string): string {
  const end = text.indexOf("\n");
  return (end === -1 ? text : text.slice(0, end)).trim();
}

function lastNonBlankLine(text: string): string {
  const trimmed = text.trimEnd();
  // Only the last line is wanted; splitting the whole body for it cost as much as reading it.
  return trimmed.slice(trimmed.lastIndexOf("\n") + 1).trim();
}

function countLines(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

function titleHint(html: string): string {
  const title = /<title[^>]*>([^<]{0,80})/i.exec(html)?.[1]?.trim();
  // A page title ("502 Bad Gateway", "Page not found") names the failure without quoting content.
  return title && /^[\w\s.,:'()-]+$/.test(title) ? `title "${title}"` : "no readable title";
}

function jsonHint(json: string): string {
  try {
    const parsed: unknown = JSON.parse(json);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return `keys: ${Object.keys(parsed).slice(0, 5).join(", ")}`;
    return Array.isArray(parsed) ? `an array of ${parsed.length}` : "a scalar";
  } catch {
    return "malformed";
  }
}
