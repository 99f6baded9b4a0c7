/** E.164, as Twilio wants it: a plus, a country code, 7 to 15 digits in all. */
export const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * A number as a guest types it ("+1 (415) 555-0123", "0044 7700 900123") in E.164, as Twilio wants it, or null when it
 * cannot be one. A number without its country code is refused rather than guessed: a guest travelling abroad is the
 * usual case, so the property's country says nothing about theirs.
 */
export function normalGuestPhone(input: string): string | null {
  const compact = input.trim().replace(/[\s().\-/]/g, "");
  const international = compact.startsWith("00") ? `+${compact.slice(2)}` : compact;
  return E164.test(international) ? international : null;
}

/** Whether a number ends in the last four digits a feed carries for the booking (Airbnb's "Phone Number (Last 4 Digits)"). */
export function matchesLast4(phone: string, last4: string): boolean {
  return phone.replace(/\D/g, "").endsWith(last4.replace(/\D/g, ""));
}
