import { createHash } from "node:crypto";
import { eventTimeKey } from "./event-time";
import type { FeedEvent } from "./types";

const SPACE = 0x20;

export interface HashableEvent {
  event: FeedEvent;
  /** DESCRIPTION as read; whitespace is collapsed before hashing. */
  description: string;
}

/**
 * sha256 over what a stay depends on: UID, dates, kind, status, summary, guest fields and
 * description, sorted by UID so event order does not matter. DTSTAMP and SEQUENCE are left out:
 * Airbnb rewrites DTSTAMP on every fetch, and hashing it would make every sync look like a change.
 * (node:crypto is a pure computation here, not I/O.)
 */
export function contentHashOf(events: readonly HashableEvent[], calendarTimezone?: string): string {
  const lines = events.map(({ event, description }) =>
    [
      event.uid,
      event.kind,
      event.status,
      `${event.start.type}:${eventTimeKey(event.start)}`,
      `${event.end.type}:${eventTimeKey(event.end)}`,
      normalise(event.summary),
      event.guestName ?? "",
      event.reservationCode ?? "",
      event.phoneLast4 ?? "",
      normalise(description),
    ].join("\u001f"),
  );
  lines.sort();
  // Floating times are read in X-WR-TIMEZONE, so a changed calendar zone changes what they mean.
  const header = `tz:${calendarTimezone ?? ""}\n`;
  // One update of the whole text hashes the same bytes as one update per line, without a call into C++ per event.
  return createHash("sha256").update(lines.length === 0 ? header : `${header}${lines.join("\n")}\n`).digest("hex");
}

/**
 * `text.replace(/\s+/g, " ").trim()` by one scan: the stretches whose only whitespace is single spaces are kept as
 * they are and joined by one space. Twice as fast as the regex on a typical DESCRIPTION, and text that needs nothing
 * comes back as is.
 */
function normalise(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    if (i === text.length) break;
    const start = i;
    while (i < text.length) {
      const code = text.charCodeAt(i);
      if (code === SPACE && i + 1 < text.length && !isSpace(text.charCodeAt(i + 1))) i += 2;
      else if (isSpace(code)) break;
      else i++;
    }
    out = out === "" ? text.slice(start, i) : `${out} ${text.slice(start, i)}`;
  }
  return out;
}

/** What `\s` matches: ECMAScript WhiteSpace and LineTerminator. */
function isSpace(code: number): boolean {
  if (code < 0x80) return code === SPACE || (code >= 0x09 && code <= 0x0d);
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 ||
    code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}
