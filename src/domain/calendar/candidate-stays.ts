import { isValidTimezone } from "./local-time";
import { stayInstants } from "./stay-instants";
import type { EventKind, EventStatus, ParsedFeedOk, PropertyTimes } from "./types";

/** A feed event placed at a property: what the stay should look like after this sync. */
export interface CandidateStay {
  uid: string;
  kind: EventKind;
  status: EventStatus;
  checkInDate: string;
  checkOutDate: string;
  checkInAt: Date;
  checkOutAt: Date;
  summary: string;
  guestName?: string;
  reservationCode?: string;
  phoneLast4?: string;
  guestPhone?: string;
  guestEmail?: string;
  guestCount?: number;
  sequence: number;
}

/**
 * Turns a parsed feed into candidate stays for `reconcileFeed`. Events whose times cannot be
 * placed (an invalid floating time) are skipped with a warning; their UIDs are returned as
 * `unplaceableUids` so the reconciler does not count them as missing.
 */
export function candidateStaysOf(feed: ParsedFeedOk, property: PropertyTimes): { candidates: CandidateStay[]; unplaceableUids: string[]; warnings: string[] } {
  // A bad property zone is a configuration error, not a feed problem: fail loudly, cancel nothing.
  if (!isValidTimezone(property.timezone)) throw new Error(`property time zone is not an IANA zone: ${property.timezone}`);
  const candidates: CandidateStay[] = [];
  const unplaceableUids: string[] = [];
  const warnings: string[] = [];
  for (const event of feed.events) {
    try {
      const times = stayInstants(event, property, feed.calendarTimezone);
      const candidate: CandidateStay = { uid: event.uid, kind: event.kind, status: event.status, ...times, summary: event.summary, sequence: event.sequence };
      if (event.guestName) candidate.guestName = event.guestName;
      if (event.reservationCode) candidate.reservationCode = event.reservationCode;
      if (event.phoneLast4) candidate.phoneLast4 = event.phoneLast4;
      if (event.guestPhone) candidate.guestPhone = event.guestPhone;
      if (event.guestEmail) candidate.guestEmail = event.guestEmail;
      if (event.guestCount !== undefined) candidate.guestCount = event.guestCount;
      candidates.push(candidate);
    } catch (error) {
      unplaceableUids.push(event.uid);
      warnings.push(`event ${event.uid}: ${error instanceof Error ? error.message : "cannot place at the property"}`);
    }
  }
  return { candidates, unplaceableUids, warnings };
}
