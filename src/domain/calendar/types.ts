/** Which platform published a feed; it decides how SUMMARY/DESCRIPTION are read. */
export const FEED_SOURCES = ["airbnb", "vrbo", "booking", "generic"] as const;
export type FeedSource = (typeof FEED_SOURCES)[number];

/** Who gave a stay's guest phone/email: the host typed it, a PMS feed's DESCRIPTION carried it, or the guest left it. */
export const GUEST_CONTACT_SOURCES = ["host", "feed", "guest"] as const;
export type GuestContactSource = (typeof GUEST_CONTACT_SOURCES)[number];

/**
 * A calendar time as the feed meant it, before any property is known.
 * - `date`: an all-day value (a local date; check-in/out times come from the property).
 * - `instant`: a DATE-TIME with UTC or a known TZID; the publisher chose the exact moment.
 * - `floating`: a DATE-TIME with no zone (or a TZID we could not resolve); read it in
 *   X-WR-TIMEZONE when present, else in the property's zone.
 */
export type EventTime =
  | { type: "date"; date: string }
  | { type: "instant"; at: Date }
  | { type: "floating"; local: string };

export type EventKind = "reservation" | "block";
export type EventStatus = "confirmed" | "cancelled";

export interface FeedEvent {
  /** The VEVENT UID; an RRULE occurrence gets `<uid>#<start>` and keeps the master in `recurrenceOf`. */
  uid: string;
  kind: EventKind;
  status: EventStatus;
  start: EventTime;
  end: EventTime;
  summary: string;
  guestName?: string;
  reservationCode?: string;
  phoneLast4?: string;
  /** From a PMS DESCRIPTION (`Phone:`, `Email:`, `Guests:`): sealed when stored, never logged. */
  guestPhone?: string;
  guestEmail?: string;
  guestCount?: number;
  sequence: number;
  recurrenceOf?: string;
}

export type ParseFailureReason =
  | "html"
  | "json"
  | "empty_body"
  | "not_icalendar"
  | "truncated"
  | "too_large"
  | "unparseable"
  | "encoding";

export interface ParsedFeedOk {
  ok: true;
  source: FeedSource;
  /** X-WR-TIMEZONE when it names a real zone; floating times are read in it. */
  calendarTimezone?: string;
  events: FeedEvent[];
  /** sha256 over what matters for stays (never DTSTAMP), so an unchanged feed hashes equal. */
  contentHash: string;
  /** Count of `BEGIN:VEVENT` in the body, to compare with what was read. */
  vevents: number;
  /**
   * UIDs of VEVENTs present in the body that could not be read (bad DTSTART, node-ical threw).
   * The reconciler must not count these stays as missing: the booking is still there.
   */
  unreadableUids: string[];
  warnings: string[];
}

export interface ParsedFeedFailure {
  ok: false;
  reason: ParseFailureReason;
  detail: string;
}

export type ParsedFeed = ParsedFeedOk | ParsedFeedFailure;

export interface ParseFeedOptions {
  /** RRULE occurrences are expanded up to here (default: `now` + 18 months). */
  horizonEnd?: Date;
  /** Reference time for the RRULE window; pass the injected clock's now. */
  now?: Date;
  /**
   * "auto" (default): events without recurrence or TZID are read by staykey's own line reader, the rest by node-ical.
   * "node-ical": every event through node-ical, as before the own reader existed (tests compare the two).
   */
  reader?: "auto" | "node-ical";
}

/** A property's local rules for turning dates into instants. */
export interface PropertyTimes {
  timezone: string;
  checkInTime: string;
  checkOutTime: string;
}

/** A stay's local dates and the instants they mean in the property's zone. */
export interface StayDates {
  checkInDate: string;
  checkOutDate: string;
  checkInAt: Date;
  checkOutAt: Date;
}
