import { eq } from "drizzle-orm";
import type { PropertyRow } from "../../db/rows";
import { properties } from "../../db/schema";
import { guestText } from "../../domain/guests/guest-catalogue";
import type { GuestLanguage } from "../../domain/guests/guest-languages";
import { invalid, notFound } from "../errors";
import type { ServiceDeps } from "../deps";
import { linkTokenId, stayGuestToken, verifyLinkToken } from "./guest-links";
import { stayByReservationCode } from "./guest-page";
import type { GuestPageThrottle } from "./guest-throttle";

/** The property a `/checkin/<token>` link names, or not_found (counted against the address) for any other token. */
export function propertyOfCheckinLink(deps: Pick<ServiceDeps, "db" | "box">, throttle: GuestPageThrottle, token: string, ip: string): PropertyRow {
  throttle.check([{ scope: "ip", ip }]);
  const id = linkTokenId(token);
  const property = id ? deps.db.select().from(properties).where(eq(properties.id, id)).get() : undefined;
  if (!property || !verifyLinkToken(deps.box, "checkin", token, property)) {
    throttle.count([{ scope: "ip", ip }]);
    throw notFound("check-in link");
  }
  return property;
}

/**
 * A guest on the property's check-in page names their stay with the reservation code and the last 4 digits of the
 * phone on the booking, both as the feed carries them (Airbnb). Answers the stay's own link token. A wrong pair is
 * counted against the address and, when the code named a stay, against that stay: the fifth wrong try on a stay
 * answers 429 and so does every try until the hour is up, the right pair included. A stay whose feed has no last 4
 * cannot be found this way (a reservation code alone is printed on too many screens): the host's per-stay link it is.
 */
export function identifyStay(
  deps: Pick<ServiceDeps, "db" | "box" | "clock">,
  throttle: GuestPageThrottle,
  property: PropertyRow,
  input: { reservationCode: string; last4: string; ip: string; lang: GuestLanguage },
): string {
  const { ip, lang } = input;
  const code = input.reservationCode.trim().slice(0, 100);
  const last4 = input.last4.replace(/\D/g, "");
  if (!code || last4.length !== 4) throw invalid(guestText(lang, "no_match"), [{ path: code ? "last4" : "reservationCode", message: guestText(lang, "no_match") }]);
  const stay = stayByReservationCode(deps, property, code);
  if (stay) throttle.check([{ scope: "stay", stayId: stay.id }]);
  if (!stay || !stay.guestPhoneLast4) {
    throttle.count([{ scope: "ip", ip }]);
    const message = guestText(lang, stay ? "needs_link" : "no_match");
    throw invalid(message, [{ path: "reservationCode", message }]);
  }
  if (stay.guestPhoneLast4 !== last4) {
    throttle.count([{ scope: "ip", ip }, { scope: "stay", stayId: stay.id }]);
    throw invalid(guestText(lang, "no_match"), [{ path: "last4", message: guestText(lang, "no_match") }]);
  }
  return stayGuestToken(deps.box, stay);
}
