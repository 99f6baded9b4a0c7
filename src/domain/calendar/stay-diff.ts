import type { CandidateStay } from "./candidate-stays";
import type { ExistingStay, GuestInfo, StayChanges, StayDates } from "./reconcile-types";

export function datesOf(stay: StayDates): StayDates {
  return { checkInDate: stay.checkInDate, checkOutDate: stay.checkOutDate, checkInAt: stay.checkInAt, checkOutAt: stay.checkOutAt };
}

export function guestOf(stay: { guestName?: string | null; reservationCode?: string | null; phoneLast4?: string | null }): GuestInfo {
  return { guestName: stay.guestName ?? null, reservationCode: stay.reservationCode ?? null, phoneLast4: stay.phoneLast4 ?? null };
}

/** What differs between the stored stay and this sync's view of it (status is handled by the caller). */
export function diffStay(existing: ExistingStay, next: CandidateStay): StayChanges {
  const changes: StayChanges = {};
  const from = datesOf(existing);
  const to = datesOf(next);
  if (
    from.checkInDate !== to.checkInDate ||
    from.checkOutDate !== to.checkOutDate ||
    from.checkInAt.getTime() !== to.checkInAt.getTime() ||
    from.checkOutAt.getTime() !== to.checkOutAt.getTime()
  ) {
    changes.dates = { from, to };
  }
  const guestFrom = guestOf(existing);
  const guestTo = guestOf(next);
  if (changedGuestFields(guestFrom, guestTo).length > 0) changes.guest = { from: guestFrom, to: guestTo };
  if (existing.kind !== next.kind && existing.kind !== "manual") changes.kind = { from: existing.kind, to: next.kind };
  return changes;
}

/**
 * A field the feed does not carry (Airbnb publishes no guest name) is not a change: what the host typed in stays,
 * and an unchanged booking does not bump its version on every sync.
 */
export function changedGuestFields(from: GuestInfo, to: GuestInfo): Array<keyof GuestInfo> {
  return (Object.keys(from) as Array<keyof GuestInfo>).filter((key) => to[key] !== null && from[key] !== to[key]);
}

export function overlaps(a: StayDates, b: StayDates): boolean {
  return a.checkInDate < b.checkOutDate && b.checkInDate < a.checkOutDate;
}

/**
 * Is `candidate` (a UID we have never seen) the same booking as `stay` re-issued by the platform?
 * Same nights, unless both carry different reservation codes; or overlapping nights with the same
 * reservation code (an extension or a shortening that came with a new UID).
 */
export function isReissueOf(candidate: CandidateStay, stay: ExistingStay): boolean {
  if (candidate.kind !== stay.kind) return false;
  const codeA = candidate.reservationCode ?? null;
  const codeB = stay.reservationCode ?? null;
  const sameNights = candidate.checkInDate === stay.checkInDate && candidate.checkOutDate === stay.checkOutDate;
  if (sameNights) return !(codeA && codeB && codeA !== codeB);
  return codeA !== null && codeA === codeB && overlaps(candidate, stay);
}
