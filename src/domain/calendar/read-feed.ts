import { candidateStaysOf, type CandidateStay } from "./candidate-stays";
import { parseFeed } from "./parse-feed";
import type { FeedSource, ParseFailureReason, PropertyTimes } from "./types";

export interface ReadFeedInput {
  /** The injected clock's now (RRULE window). */
  now: Date;
  /** The property's zone and check-in/checkout times, to place all-day events. */
  property: PropertyTimes;
  /** The hash stored by the last settled sync: when the body hashes the same, nothing is placed. */
  knownContentHash?: string | null;
}

/** What a sync keeps of a parsed feed once its events are placed: counts and validators, not the events. */
export interface FeedSummary {
  source: FeedSource;
  contentHash: string;
  /** Events read (RRULE occurrences counted one by one). */
  events: number;
  /** Events read plus events present but unreadable: the feed's size, which the next sync's suspicion check compares. */
  eventCount: number;
  /** UIDs present in the body that could not be read or placed: the reconciler must not count them missing. */
  skippedUids: string[];
  warnings: number;
}

export type FeedReading =
  | { ok: false; reason: ParseFailureReason | "property_timezone"; detail: string }
  | { ok: true; sameContent: true; contentHash: string }
  | { ok: true; sameContent: false; summary: FeedSummary; candidates: CandidateStay[] };

/**
 * Bytes of a feed -> the candidate stays a sync reconciles, in one pure step: parse, compare the content hash with
 * the last settled one, place the events at the property. Pure and synchronous, and its input and output are plain
 * data, so it runs the same inline or on a parser thread (see services/calendar/reader). Never throws.
 */
export function readFeed(bytes: Uint8Array, input: ReadFeedInput): FeedReading {
  const parsed = parseFeed(bytes, { now: input.now });
  if (!parsed.ok) return { ok: false, reason: parsed.reason, detail: parsed.detail };
  if (input.knownContentHash && parsed.contentHash === input.knownContentHash) return { ok: true, sameContent: true, contentHash: parsed.contentHash };
  let placed: ReturnType<typeof candidateStaysOf>;
  try {
    placed = candidateStaysOf(parsed, input.property);
  } catch (error) {
    return { ok: false, reason: "property_timezone", detail: error instanceof Error ? error.message : "the property's time zone is not valid" };
  }
  return {
    ok: true,
    sameContent: false,
    candidates: placed.candidates,
    summary: {
      source: parsed.source,
      contentHash: parsed.contentHash,
      events: parsed.events.length,
      eventCount: parsed.events.length + parsed.unreadableUids.length,
      skippedUids: [...parsed.unreadableUids, ...placed.unplaceableUids],
      warnings: parsed.warnings.length + placed.warnings.length,
    },
  };
}
