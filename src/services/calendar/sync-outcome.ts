import type { FeedSource, ParseFailureReason } from "../../domain/calendar";
import type { FetchErrorReason } from "../../providers/calendar/fetch-feed";
import type { ReaderFailureReason } from "./reader/feed-reader";

export interface SyncCounts {
  created: number;
  updated: number;
  cancelled: number;
  /** Stays absent from this sync but not yet cancelled (they need N consecutive absences). */
  missing: number;
  /** Stays whose echo-of mark changed (another platform's block of the same booking). */
  echoesChanged: number;
  /** Known bookings whose guest phone, email or head count the feed's DESCRIPTION now gives anew (PMS exports). */
  contactsChanged: number;
}

/** Why a sync failed; fetch and parse reasons are passed through, the rest are our own. */
export type SyncFailureReason = FetchErrorReason | ParseFailureReason | ReaderFailureReason | "decrypt" | "property_timezone";

/**
 * What one sync did. Carries ids, counts and reasons only: never the feed URL (it holds the platform's
 * access token), so it can be returned by the API, printed by the CLI and written to the audit log.
 */
export type SyncOutcome =
  | {
      feedId: string;
      result: "changed";
      source: FeedSource;
      events: number;
      counts: SyncCounts;
      /** The reconcile plan found the feed suspicious (empty, mass disappearance): nothing was cancelled for absence. */
      suspect?: { reason: "empty_feed" | "mass_disappearance"; detail: string };
      warnings: number;
      nextSyncAt: Date;
    }
  | { feedId: string; result: "unchanged"; reason: "not_modified" | "same_content"; nextSyncAt: Date }
  | { feedId: string; result: "failed"; reason: SyncFailureReason; detail: string; httpStatus?: number; consecutiveFailures: number; nextSyncAt: Date }
  | { feedId: string; result: "skipped"; reason: "not_found" | "paused" };

export const emptyCounts = (): SyncCounts => ({ created: 0, updated: 0, cancelled: 0, missing: 0, echoesChanged: 0, contactsChanged: 0 });
