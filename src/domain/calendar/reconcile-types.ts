import type { StayKind } from "./record-states";
import type { CandidateStay } from "./candidate-stays";
import type { EventKind, EventStatus, StayDates } from "./types";

/** A stay as stored for one feed, as much as reconciling needs. */
export interface ExistingStay {
  id: string;
  externalUid: string;
  uidAliases: readonly string[];
  kind: StayKind;
  status: EventStatus;
  checkInDate: string;
  checkOutDate: string;
  checkInAt: Date;
  checkOutAt: Date;
  guestName?: string | null;
  reservationCode?: string | null;
  phoneLast4?: string | null;
  /** Consecutive well-formed syncs this stay was absent from. */
  missingCount: number;
}

export interface ReconcileInput {
  existing: readonly ExistingStay[];
  candidates: readonly CandidateStay[];
  now: Date;
  /** Consecutive absences before a stay is cancelled (default 2). */
  missingThreshold?: number;
  /** Events in the last good sync, to tell "feed went empty" from "feed was always empty". */
  previousEventCount?: number | null;
  /** UIDs present this sync but unreadable (ParsedFeedOk.unreadableUids): neither missing nor changed. */
  unreadableUids?: readonly string[];
  /** Ids for created stays (default `newId("stay")`); pass one in tests for stable ids. */
  newStayId?: () => string;
}

export type { StayDates } from "./types";

export interface GuestInfo {
  guestName: string | null;
  reservationCode: string | null;
  phoneLast4: string | null;
}

export interface StayChanges {
  dates?: { from: StayDates; to: StayDates };
  guest?: { from: GuestInfo; to: GuestInfo };
  status?: { from: EventStatus; to: EventStatus };
  kind?: { from: StayKind; to: EventKind };
}

export interface StayUpdate {
  stayId: string;
  /** The UID the stay is known by from now on. */
  uid: string;
  /** Set when the platform re-issued the booking under a new UID: store it in uidAliases. */
  previousUid?: string;
  changes: StayChanges;
  next: CandidateStay;
}

export type CancelReason = "status_cancelled" | "missing";

export interface ReconcilePlan {
  creates: Array<CandidateStay & { stayId: string }>;
  updates: StayUpdate[];
  cancels: Array<{ stayId: string; uid: string; reason: CancelReason }>;
  missingIncrements: Array<{ stayId: string; uid: string; missingCount: number }>;
  /** Stays that were counted missing and are back: set missingCount to 0. */
  resets: Array<{ stayId: string; uid: string }>;
  /** The feed looks wrong: nothing was cancelled for absence; raise `feed_suspect`. */
  suspect?: { reason: "empty_feed" | "mass_disappearance"; detail: string };
  events: StayDomainEvent[];
}

/** What the access-code planner consumes. Carries no phone number or PIN. */
export type StayDomainEvent =
  | ({ type: "stay.created"; stayId: string; uid: string; kind: EventKind } & StayDates)
  | { type: "stay.dates_changed"; stayId: string; uid: string; from: StayDates; to: StayDates }
  | { type: "stay.cancelled"; stayId: string; uid: string; reason: CancelReason }
  /** Guest name / code / phone last 4 or the kind changed; re-read the stay, the event holds no PII. */
  | { type: "stay.guest_changed"; stayId: string; uid: string; fields: Array<keyof GuestInfo | "kind"> }
  /** A cancelled stay came back in the feed (a cancellation was undone on the platform). */
  | ({ type: "stay.reinstated"; stayId: string; uid: string } & StayDates);
