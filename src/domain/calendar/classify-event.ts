import { upperCase } from "./content-line";
import type { EventKind, FeedSource } from "./types";

export interface EventClassification {
  kind: EventKind;
  guestName?: string;
  reservationCode?: string;
  phoneLast4?: string;
}

// Merged multi-listing feeds prefix SUMMARY with the listing id ("3715663710168063306 Reserved").
const LISTING_ID_PREFIX = /^\d{6,}\s+/;
const AIRBNB_RESERVATION_URL = /reservations\/details\/([A-Z0-9]{6,14})/i;
const AIRBNB_CODE = /\b(HM[A-Z0-9]{8})\b/;
const PHONE_LAST4 = /Phone Number \(Last 4 Digits\):\s*(\d{4})\b/i;
// Summaries that say "not a guest" on generic/PMS feeds; anything else counts as a reservation,
// because missing a real booking (no door code) is worse than a spare stay the host can ignore.
const BLOCK_SUMMARY = /^(?:blocked|block|not available|unavailable|airbnb \(not available\)|closed(?:\s*-\s*not available)?|owner (?:block|stay|hold|use)|maintenance|hold|busy - blocked)\b/i;
const GUEST_AFTER_DASH = /^(?:reserved|booked|reservation|booking(?:\s*#?\s*\w+)?|confirmed)\s*[-–:]\s*(.+)$/i;

/**
 * Reads what an event is from its SUMMARY/DESCRIPTION, per platform.
 *
 * Booking.com exports its own reservations and the dates it blocked for other channels alike as
 * `CLOSED - Not available`, with no guest data. We classify them as kind "reservation" with no
 * guest contact: they are real occupied nights, so they must produce turnovers and take part in
 * conflict checks, yet without a name, phone or code there is no one to send a guest code to.
 * When the same dates are a reservation on another feed, `findEchoesAndConflicts` marks the
 * CLOSED one as that booking's echo.
 */
export function classifyEvent(source: FeedSource, summary: string, description: string): EventClassification {
  // The prefix regex runs only on a summary that starts with a digit, and toUpperCase only on a code that needs it.
  const title = (isDigit(summary.charCodeAt(0)) ? summary.replace(LISTING_ID_PREFIX, "") : summary).trim();
  const phoneLast4 = PHONE_LAST4.exec(description)?.[1];
  const urlCode = AIRBNB_RESERVATION_URL.exec(description)?.[1];
  const reservationCode = urlCode !== undefined ? upperCase(urlCode) : AIRBNB_CODE.exec(`${title} ${description}`)?.[1];

  switch (source) {
    case "airbnb": {
      if (reservationCode || phoneLast4) return withGuest("reservation", { reservationCode, phoneLast4, guestName: airbnbLegacyGuest(title) });
      if (/not available|blocked/i.test(title)) return { kind: "block" };
      return withGuest("reservation", { guestName: airbnbLegacyGuest(title) });
    }
    case "vrbo": {
      if (/^blocked\b/i.test(title)) return { kind: "block" };
      return withGuest("reservation", { guestName: GUEST_AFTER_DASH.exec(title)?.[1]?.trim(), reservationCode, phoneLast4 });
    }
    case "booking":
      return { kind: "reservation" };
    case "generic": {
      if (BLOCK_SUMMARY.test(title) && !reservationCode && !phoneLast4) return { kind: "block" };
      return withGuest("reservation", { guestName: GUEST_AFTER_DASH.exec(title)?.[1]?.trim(), reservationCode, phoneLast4 });
    }
  }
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** Airbnb's pre-2019 exports put "Guest Name (HMXXXXXXXX)" in SUMMARY. */
function airbnbLegacyGuest(title: string): string | undefined {
  const m = /^(.+?)\s*\((HM[A-Z0-9]{8})\)$/.exec(title);
  return m?.[1]?.trim() || undefined;
}

function withGuest(kind: EventKind, fields: Omit<EventClassification, "kind">): EventClassification {
  const result: EventClassification = { kind };
  if (fields.guestName) result.guestName = fields.guestName;
  if (fields.reservationCode) result.reservationCode = fields.reservationCode;
  if (fields.phoneLast4) result.phoneLast4 = fields.phoneLast4;
  return result;
}
