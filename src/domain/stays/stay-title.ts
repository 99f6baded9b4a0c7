/** What a page calls a stay: the guest's name, else what the calendar called it, else its kind. */
export function stayTitle(stay: { guestName: string | null; summary: string | null; kind: string }): string {
  return stay.guestName ?? stay.summary ?? (stay.kind === "manual" ? "Manual stay" : "Reservation");
}

/**
 * What the owner wrote on a block when it says more than that it is one ("Painters", "Family visit"); null for the
 * platforms' own words ("Airbnb (Not available)", "Blocked"), which the page replaces with its own label.
 */
export function ownerBlockNote(summary: string | null): string | null {
  return summary && !/not available|blocked/i.test(summary) ? summary : null;
}
