import type { StayKind, StayStatus } from "../calendar/record-states";

/**
 * Which stays are a guest's, and so get a guest code (and a turnover after them, and a check-in readiness check): a
 * confirmed stay that is not an owner's block and not another platform's copy of a booking already on a calendar (the
 * booking it echoes gets the code). The constants are the rule for SQL filters (services/stays/guest-stays builds
 * the condition from them), the function is the rule for a stay in hand; both say the same thing.
 */
export const GUEST_STAY_STATUS = "confirmed" satisfies StayStatus;
export const KINDS_WITHOUT_GUEST = ["block"] as const satisfies readonly StayKind[];

export interface GuestStayFacts {
  status: StayStatus;
  kind: StayKind;
  echoOfStayId: string | null;
}

export function isGuestStay(stay: GuestStayFacts): boolean {
  return stay.status === GUEST_STAY_STATUS && !(KINDS_WITHOUT_GUEST as readonly StayKind[]).includes(stay.kind) && stay.echoOfStayId === null;
}

/** A guest's stay gets a code while the window it is for (the guest's stay, or the turnover after it) has not ended. */
export function getsGuestCode(stay: GuestStayFacts, windowEnd: Date, now: Date): boolean {
  return isGuestStay(stay) && windowEnd.getTime() > now.getTime();
}
