import { readGuestContact } from "./guest-contact";
import { createHash } from "node:crypto";
import { DateTime } from "luxon";
import { systemClock } from "../../lib/clock";
import { classifyEvent } from "./classify-event";
import { shownName } from "../text/shown-text";
import { contentHashOf, type HashableEvent } from "./content-hash";
import { decodeBody } from "./decode-body";
import { detectSource } from "./detect-source";
import { isValidTimezone } from "./local-time";
import { parseWholeBody } from "./parse-whole-body";
import { isPlainEvent } from "./plain-event";
import { readEvent, type ReadEvent } from "./read-event";
import { bodyTooLarge, sniffBody } from "./sniff-body";
import { splitCalendar, type RawEvent } from "./split-calendar";
import type { FeedEvent, FeedSource, ParsedFeed, ParseFeedOptions } from "./types";

const DEFAULT_HORIZON_MONTHS = 18;

/**
 * Bytes of an iCal feed -> the events that matter for stays, or a precise reason it cannot be
 * trusted. Never throws. A failure must keep the last good stays (the caller does not reconcile),
 * so anything that might be a partial or wrong body fails rather than returning fewer events.
 */
export function parseFeed(bytes: Buffer | Uint8Array, opts: ParseFeedOptions = {}): ParsedFeed {
  try {
    return parseFeedUnsafe(bytes, opts);
  } catch (error) {
    return { ok: false, reason: "unparseable", detail: `unexpected parser error: ${error instanceof Error ? error.name : "unknown"}` };
  }
}

function parseFeedUnsafe(bytes: Uint8Array, opts: ParseFeedOptions): ParsedFeed {
  const tooLarge = bodyTooLarge(bytes.byteLength);
  if (tooLarge) return tooLarge;
  const decoded = decodeBody(bytes);
  if (!decoded.ok) return { ok: false, reason: "encoding", detail: decoded.detail };
  const rejected = sniffBody(decoded.text);
  if (rejected) return rejected;

  const split = splitCalendar(decoded.text);
  const warnings = [...decoded.warnings];
  if (split.calendars > 1) warnings.push(`${split.calendars} VCALENDARs in one body; events read from all of them`);
  const calendarTimezone = split.wrTimezones.find(isValidTimezone);
  const badWrTimezone = split.wrTimezones.find((zone) => !isValidTimezone(zone));
  if (badWrTimezone && !calendarTimezone) warnings.push(`X-WR-TIMEZONE "${badWrTimezone}" is not a known zone; floating times use the property's zone`);

  const withUids = split.events.map((raw) => ({ raw, uid: uidOf(raw) }));
  const source = detectSource(split.prodids, withUids.map((e) => e.uid));
  const groups = groupByUid(withUids, warnings);

  // Which events staykey reads itself, decided once per event; one node-ical pass over the whole body unless none
  // needs node-ical at all (the common export).
  const plainEvents = new Set(opts.reader === "node-ical" ? [] : split.events.filter(isPlainEvent));
  const needsNodeIcal = groups.size !== split.events.length || plainEvents.size !== split.events.length;
  const parsedByUid = needsNodeIcal ? (parseWholeBody(split, withUids.map((e) => e.uid)) ?? undefined) : undefined;
  const now = opts.now ?? systemClock.now();
  const window = rruleWindow(now, opts.horizonEnd);
  const read: ReadEvent[] = [];
  const unreadable: string[] = [];
  const reasons: string[] = [];
  for (const [uid, group] of groups) {
    const outcome = readEvent(uid, group.master, group.overrides, { timezones: split.timezones, window, parsedByUid, plainEvents });
    if (outcome.ok) {
      read.push(...outcome.events);
      warnings.push(...outcome.warnings);
    } else {
      unreadable.push(uid);
      reasons.push(`event ${uid}: ${outcome.why}`);
    }
  }
  if (unreadable.length > 0 && read.length === 0 && unreadable.length === groups.size) {
    return { ok: false, reason: "unparseable", detail: `none of the ${split.events.length} VEVENTs could be read (${reasons.slice(0, 3).join("; ")})` };
  }
  if (unreadable.length > 0) warnings.push(`skipped ${unreadable.length} of ${split.events.length} VEVENTs, kept the rest`, ...reasons);

  const hashable = read.map((event) => toFeedEvent(event, source));
  return {
    ok: true,
    source,
    ...(calendarTimezone ? { calendarTimezone } : {}),
    events: hashable.map((h) => h.event),
    contentHash: contentHashOf(hashable, calendarTimezone),
    vevents: split.events.length,
    unreadableUids: unreadable,
    warnings,
  };
}

/**
 * From `now` to the horizon, the horizon worked out on first read: only an RRULE reads it, most feeds have none,
 * and luxon's month arithmetic cost a tenth of parsing a typical feed.
 */
function rruleWindow(now: Date, horizonEnd: Date | undefined): { from: Date; readonly to: Date } {
  let to = horizonEnd;
  return {
    from: now,
    get to() {
      to ??= DateTime.fromJSDate(now).plus({ months: DEFAULT_HORIZON_MONTHS }).toJSDate();
      return to;
    },
  };
}

function toFeedEvent(read: ReadEvent, source: FeedSource): HashableEvent {
  const classified = classifyEvent(source, read.summary, read.description);
  const event: FeedEvent = {
    uid: read.uid,
    kind: classified.kind,
    status: read.status,
    start: read.start.time,
    end: read.end.time,
    summary: read.summary,
    sequence: read.sequence,
  };
  // A guest name comes from the platform as the guest typed it: shown as stored, like a name a host types (see shownName).
  const classifiedName = classified.guestName ? shownName(classified.guestName) : undefined;
  if (classifiedName) event.guestName = classifiedName;
  if (classified.reservationCode) event.reservationCode = classified.reservationCode;
  if (classified.phoneLast4) event.phoneLast4 = classified.phoneLast4;
  // PMS exports put the guest's contact in DESCRIPTION; Airbnb's and Booking.com's carry none (Airbnb: the last 4 only).
  if (classified.kind === "reservation" && (source === "generic" || source === "vrbo") && read.description) {
    const contact = readGuestContact(read.description);
    if (contact.guestPhone) event.guestPhone = contact.guestPhone;
    if (contact.guestEmail) event.guestEmail = contact.guestEmail;
    if (contact.guestCount !== undefined) event.guestCount = contact.guestCount;
    const contactName = !event.guestName && contact.guestName ? shownName(contact.guestName) : undefined;
    if (contactName) event.guestName = contactName;
    if (!event.phoneLast4 && contact.phoneLast4) event.phoneLast4 = contact.phoneLast4;
  }
  if (read.recurrenceOf) event.recurrenceOf = read.recurrenceOf;
  return { event, description: read.description };
}

interface UidGroup {
  master: RawEvent;
  overrides: RawEvent[];
}

/**
 * One master per UID plus its RECURRENCE-ID overrides. Two masters with one UID (a re-issued
 * event, or the same feed concatenated twice): the higher SEQUENCE wins, the later one on a tie.
 * node-ical would do the same silently; we count and say so.
 */
function groupByUid(events: Array<{ raw: RawEvent; uid: string }>, warnings: string[]): Map<string, UidGroup> {
  const groups = new Map<string, UidGroup>();
  const orphans: Array<{ raw: RawEvent; uid: string }> = [];
  let duplicates = 0;
  for (const { raw, uid } of events) {
    if (raw.props.has("RECURRENCE-ID")) continue;
    const existing = groups.get(uid);
    if (!existing) {
      groups.set(uid, { master: raw, overrides: [] });
      continue;
    }
    duplicates++;
    if (sequenceOf(raw) >= sequenceOf(existing.master)) existing.master = raw;
  }
  for (const entry of events) {
    if (!entry.raw.props.has("RECURRENCE-ID")) continue;
    const group = groups.get(entry.uid);
    if (group) group.overrides.push(entry.raw);
    else orphans.push(entry);
  }
  // An override whose master is absent is still a booked time; read it as an event of its own.
  for (const { raw, uid } of orphans) groups.set(`${uid}#${raw.props.get("RECURRENCE-ID")!.value.trim()}`, { master: raw, overrides: [] });
  if (duplicates > 0) warnings.push(`${duplicates} VEVENTs repeated an earlier UID; kept the highest SEQUENCE of each`);
  return groups;
}

function sequenceOf(raw: RawEvent): number {
  const value = Number.parseInt(raw.props.get("SEQUENCE")?.value ?? "0", 10);
  return Number.isFinite(value) ? value : 0;
}

/** A missing UID gets a stable stand-in from its start and summary, so re-fetches match. */
function uidOf(raw: RawEvent): string {
  const uid = raw.props.get("UID")?.value.trim();
  if (uid) return uid;
  const basis = ["DTSTART", "DTEND", "SUMMARY"].map((name) => raw.props.get(name)?.value ?? "").join("|");
  return `no-uid-${createHash("sha256").update(basis).digest("hex").slice(0, 16)}`;
}
