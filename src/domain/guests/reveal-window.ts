/**
 * When the guest page may show a stay's door code: from the property's reveal lead before the guest may arrive
 * (an early check-in counts) until they must leave (a late checkout counts). Outside it the code stays hidden even
 * when the lock has confirmed it: a leaked link a week early, or kept after checkout, opens nothing.
 */
export interface RevealInput {
  checkInAt: Date;
  checkOutAt: Date;
  earlyCheckInAt?: Date | null;
  lateCheckOutAt?: Date | null;
  revealLeadMinutes: number;
}

export interface RevealWindow {
  from: Date;
  until: Date;
}

export function revealWindow(stay: RevealInput): RevealWindow {
  const arrival = stay.earlyCheckInAt ?? stay.checkInAt;
  const departure = stay.lateCheckOutAt ?? stay.checkOutAt;
  return { from: new Date(arrival.getTime() - stay.revealLeadMinutes * 60_000), until: departure };
}

/** `before`: too early, say when; `open`: show the code if the lock confirmed it; `over`: show nothing of the stay. */
export type RevealPhase = "before" | "open" | "over";

export function revealPhase(window: RevealWindow, now: Date): RevealPhase {
  if (now.getTime() >= window.until.getTime()) return "over";
  if (now.getTime() < window.from.getTime()) return "before";
  return "open";
}
