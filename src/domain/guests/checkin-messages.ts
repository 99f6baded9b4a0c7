/**
 * The text a host pastes once into each platform's scheduled messages (sent, say, 3 days before check-in). Airbnb's
 * calendar carries the reservation code and the phone's last 4 digits, so the property's check-in link is enough.
 * VRBO's and Booking.com's calendars carry neither, so their guests are sent the stay's own link: the scheduled
 * message asks for a way to reach them and points at the page, and the stay page has the link to send with it.
 */
export const CHECKIN_PLATFORMS = ["airbnb", "vrbo", "booking"] as const;
export type CheckinPlatform = (typeof CHECKIN_PLATFORMS)[number];

export const PLATFORM_NAMES: Readonly<Record<CheckinPlatform, string>> = { airbnb: "Airbnb", vrbo: "VRBO", booking: "Booking.com" };

export function checkinMessageText(platform: CheckinPlatform, propertyName: string, checkinLink: string): string {
  if (platform === "airbnb") {
    return [
      `Hi! Your check-in details for ${propertyName}, including your door code, are here: ${checkinLink}`,
      "Open it and enter your reservation code (it starts with HM, in your trip details) and the last 4 digits of the phone number on your booking.",
      "Your door code appears there before check-in, and you can leave your mobile number or email to get it, and any change, by text or email.",
    ].join("\n");
  }
  return [
    `Hi! We send the door code for ${propertyName} through our check-in page. Your personal link follows in a separate message; on it you can leave your mobile number or email to get the code, and any change, by text or email.`,
    `(If you already have it: the page is on ${new URL(checkinLink).origin}.)`,
  ].join("\n");
}
