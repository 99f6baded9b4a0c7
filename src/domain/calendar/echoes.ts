import type { StayKind } from "./record-states";
import type { EventStatus } from "./types";

/** A stay of one property, from any of its feeds (or entered by hand: feedId null). */
export interface PropertyStay {
  id: string;
  feedId: string | null;
  kind: StayKind;
  status: EventStatus;
  checkInDate: string;
  checkOutDate: string;
  guestName?: string | null;
  reservationCode?: string | null;
  phoneLast4?: string | null;
}

export interface EchoesAndConflicts {
  /** `stayId` is the same booking as `echoOf`, mirrored by a channel manager or the host onto another platform. */
  echoes: Array<{ stayId: string; echoOf: string }>;
  /** Two real reservations on overlapping nights: a double booking the host must resolve. */
  conflicts: Array<{ stayIds: [string, string]; sameFeed: boolean }>;
}

/**
 * With Airbnb + VRBO + Booking.com on one listing, a booking on one platform shows up on the
 * others as a block (or a Booking.com `CLOSED`) on exactly the same nights. Those are echoes of the
 * one booking, not extra stays. The stay with the most to say (guest info > reservation > block)
 * is the original; ties go to the lower id so the answer is stable across runs.
 * Real reservations (not echoes) whose nights overlap are conflicts; back-to-back stays sharing a
 * turnover day do not overlap.
 */
export function findEchoesAndConflicts(staysOfProperty: readonly PropertyStay[]): EchoesAndConflicts {
  const active = staysOfProperty.filter((stay) => stay.status === "confirmed");
  const byNights = new Map<string, PropertyStay[]>();
  for (const stay of active) {
    const key = `${stay.checkInDate}/${stay.checkOutDate}`;
    const group = byNights.get(key);
    if (group) group.push(stay);
    else byNights.set(key, [stay]);
  }

  const echoes: EchoesAndConflicts["echoes"] = [];
  const echoIds = new Set<string>();
  for (const group of byNights.values()) {
    if (group.length < 2) continue;
    const ranked = [...group].sort((a, b) => weight(b) - weight(a) || (a.id < b.id ? -1 : 1));
    const original = ranked[0]!;
    for (const other of ranked.slice(1)) {
      // Two bookings that both name a guest are two bookings (a double booking), not an echo.
      if (hasGuestInfo(other) && hasGuestInfo(original)) continue;
      if (other.feedId !== null && other.feedId === original.feedId) continue;
      echoes.push({ stayId: other.id, echoOf: original.id });
      echoIds.add(other.id);
    }
  }

  const real = active.filter((stay) => stay.kind !== "block" && !echoIds.has(stay.id)).sort((a, b) => (a.checkInDate < b.checkInDate ? -1 : 1));
  const conflicts: EchoesAndConflicts["conflicts"] = [];
  for (let i = 0; i < real.length; i++) {
    const a = real[i]!;
    for (let j = i + 1; j < real.length && real[j]!.checkInDate < a.checkOutDate; j++) {
      const b = real[j]!;
      if (a.checkInDate < b.checkOutDate) conflicts.push({ stayIds: [a.id, b.id], sameFeed: a.feedId !== null && a.feedId === b.feedId });
    }
  }
  return { echoes, conflicts };
}

function hasGuestInfo(stay: PropertyStay): boolean {
  return Boolean(stay.guestName || stay.reservationCode || stay.phoneLast4);
}

function weight(stay: PropertyStay): number {
  return (hasGuestInfo(stay) ? 4 : 0) + (stay.kind === "manual" ? 2 : stay.kind === "reservation" ? 1 : 0);
}
