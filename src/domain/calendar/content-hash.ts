import { createHash } from "node:crypto";
import { eventTimeKey } from "./event-time";
import type { FeedEvent } from "./types";

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
  const hash = createHash("sha256");
  // Floating times are read in X-WR-TIMEZONE, so a changed calendar zone changes what they mean.
  hash.update(`tz:${calendarTimezone ?? ""}\n`);
  for (const line of lines) hash.update(`${line}\n`);
  return hash.digest("hex");
}

function normalise(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
