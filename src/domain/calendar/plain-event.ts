import type { VEvent } from "node-ical";
import type { RawEvent } from "./split-calendar";

/**
 * The common VEVENT read without node-ical: no recurrence (RRULE, RDATE, EXDATE, RECURRENCE-ID), no TZID, each text
 * property at most once, every text line one both parsers read alike (`RawEvent.plainText`). That is what Airbnb,
 * VRBO and Booking.com export, event after event. For such an event node-ical's reading is only the unescaped
 * SUMMARY, DESCRIPTION, STATUS and SEQUENCE (times come from the raw lines either way), so they are unescaped here
 * exactly as node-ical does, and node-ical, a third of a feed's parse, runs only for the events that need it.
 * Only for an event `isPlainEvent` accepted (parseFeed asks once per event); plain-event.test.ts checks both readings
 * agree on every fixture and the corpus.
 */
export function readPlainEvent(raw: RawEvent): VEvent {
  const event: Record<string, unknown> = { type: "VEVENT" };
  const summary = raw.props.get("SUMMARY");
  if (summary) event.summary = unescapeText(summary.value);
  const description = raw.props.get("DESCRIPTION");
  if (description) event.description = unescapeText(description.value);
  const status = raw.props.get("STATUS");
  if (status) event.status = unescapeText(status.value);
  const sequence = raw.props.get("SEQUENCE");
  if (sequence) event.sequence = parseValue(sequence.value);
  return event as unknown as VEvent;
}

export function isPlainEvent(raw: RawEvent): boolean {
  if (!raw.plainText || !raw.closed) return false;
  for (const name of NEEDS_NODE_ICAL) if (raw.props.has(name)) return false;
  for (const line of raw.props.values()) if (line.params.TZID !== undefined) return false;
  for (const name of TEXT) if ((raw.lineCounts.get(name) ?? 0) > 1) return false;
  return true;
}

const NEEDS_NODE_ICAL = ["RRULE", "RDATE", "EXDATE", "RECURRENCE-ID"];
const TEXT = ["SUMMARY", "DESCRIPTION", "STATUS", "SEQUENCE"];

/** node-ical's `text()` (RFC 5545 3.3.11 unescaping, in its order, and its stripping of surrounding quotes). */
function unescapeText(value: string): string {
  return value
    .replaceAll("\\,", ",")
    .replaceAll("\\;", ";")
    .replaceAll(/\\[nN]/g, "\n")
    .replaceAll("\\\\", "\\")
    .replace(/^"(.*)"$/, "$1");
}

/** node-ical's `parseValue()`, which is how it reads SEQUENCE. */
function parseValue(value: string): unknown {
  if (value === "TRUE") return true;
  if (value === "FALSE") return false;
  const number = Number(value);
  if (!Number.isNaN(number)) return number;
  return value.replace(/^"(.*)"$/, "$1");
}
