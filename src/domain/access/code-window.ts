/** A span of time a code works on the lock: [from, to). Instants, never local times. */
export interface CodeWindow {
  from: Date;
  to: Date;
}

export interface StayTimes {
  checkInAt: Date;
  checkOutAt: Date;
  earlyCheckInAt?: Date | null;
  lateCheckOutAt?: Date | null;
  /** The guest left early (door activity's checkout): everything ends then. */
  checkedOutAt?: Date | null;
}

export interface BufferSettings {
  earlyBufferMinutes: number;
  lateBufferMinutes: number;
}

const MINUTE = 60_000;

/** When the guest arrives: the host's early check-in when set, else the booked check-in. */
export const guestArrival = (stay: Pick<StayTimes, "checkInAt" | "earlyCheckInAt">): Date => stay.earlyCheckInAt ?? stay.checkInAt;

/** When the guest leaves: an early checkout when one was marked, else the host's late checkout, else the booked one. */
export const guestDeparture = (stay: Pick<StayTimes, "checkOutAt" | "lateCheckOutAt" | "checkedOutAt">): Date =>
  stay.checkedOutAt ?? stay.lateCheckOutAt ?? stay.checkOutAt;

/**
 * Host overrides replace the booked times; buffers then widen the window on both sides. A stay checked out early ends
 * its code at that moment, with no late buffer: the guest has gone and the code must stop working now.
 */
export function guestCodeWindow(stay: StayTimes, property: BufferSettings): CodeWindow {
  const checkIn = guestArrival(stay);
  const from = new Date(checkIn.getTime() - property.earlyBufferMinutes * MINUTE);
  if (stay.checkedOutAt) return { from, to: new Date(Math.max(from.getTime(), stay.checkedOutAt.getTime())) };
  const checkOut = stay.lateCheckOutAt ?? stay.checkOutAt;
  return { from, to: new Date(checkOut.getTime() + property.lateBufferMinutes * MINUTE) };
}

/**
 * A next check-in further away than this does not bound the cleaner window: a vacant week must not leave a
 * cleaner's code working all week, so the set turnover length applies instead.
 */
export const SAME_TURNOVER_MS = 24 * 60 * MINUTE;

/** The cleaning window after a checkout: until the next guest arrives (same turnover), else the set length. */
export function turnoverWindow(checkOut: Date, nextCheckIn: Date | null | undefined, turnoverMinutes: number): CodeWindow {
  const gap = nextCheckIn ? nextCheckIn.getTime() - checkOut.getTime() : Infinity;
  const to = gap > 0 && gap <= SAME_TURNOVER_MS ? nextCheckIn!.getTime() : checkOut.getTime() + turnoverMinutes * MINUTE;
  return { from: checkOut, to: new Date(to) };
}

export type Scheduling = "native" | "slots";

/**
 * When the code goes onto the lock. Native-schedule locks enforce the window themselves, so the code goes on
 * `programLeadMinutes` ahead (or now, when booked later than that). Slot locks have no schedule: the code is set
 * at window start and is the only thing keeping it from working early.
 */
export function programAt(window: CodeWindow, scheduling: Scheduling, programLeadMinutes: number, now: Date): Date {
  const target = scheduling === "slots" ? window.from.getTime() : window.from.getTime() - programLeadMinutes * MINUTE;
  return new Date(Math.max(target, now.getTime()));
}

/**
 * When a host's "program now" puts a planned code on its lock: at once on a lock that enforces the window itself, but
 * never before the window on a slot lock, where setting the code early would let it open the door early.
 */
export function programNowAt(window: CodeWindow, scheduling: Scheduling, now: Date): Date {
  return scheduling === "slots" ? new Date(Math.max(window.from.getTime(), now.getTime())) : now;
}

/**
 * Until this instant a code the lock has not confirmed yet is only retried: a vendor outage or a slow lock is waited
 * out quietly. From it on the code is truly failing: the guest gets a spare and the host is told. `backupLeadMinutes`
 * before the holder needs the door (the guest's arrival, not the window's start: a window opened hours early for
 * luggage must not cut the vendor's time to recover).
 */
export function backupDueAt(needsDoorAt: Date, backupLeadMinutes: number): Date {
  return new Date(needsDoorAt.getTime() - backupLeadMinutes * MINUTE);
}

export const sameWindow = (a: CodeWindow, b: CodeWindow) => a.from.getTime() === b.from.getTime() && a.to.getTime() === b.to.getTime();

export const windowsOverlap = (a: CodeWindow, b: CodeWindow) => a.from.getTime() < b.to.getTime() && b.from.getTime() < a.to.getTime();

/** Last four digits of a phone number, when it has that many. */
export function phoneLast4(phone: string | null | undefined): string | undefined {
  const digits = (phone ?? "").replace(/\D/g, "");
  return digits.length >= 4 ? digits.slice(-4) : undefined;
}
