import { guestLanguageOf } from "../../domain/guests/guest-languages";
import {
  composeCleanerCancellation, composeCleanerMessage, composeGuestMessage, formatLocal, type ComposedMessage, type PropertyForMessage,
} from "../../domain/messages";
import { lookups } from "../lookups";
import { stayGuestPath } from "../guests/guest-links";
import { confirmedCleanerCodes, confirmedGuestCodes, type ConfirmedCodes } from "./confirmed-codes";
import type { MessagePurpose } from "./message-rows";
import type { ServiceDeps } from "../deps";

export interface MessageSubject {
  accountId: string;
  /** A MessagePurpose; plain string because rows store it as text. */
  purpose: MessagePurpose | (string & {});
  stayId?: string | null;
  turnoverId?: string | null;
  contactId?: string | null;
}

export type Rendered =
  | { ok: true; message: ComposedMessage; property: PropertyForMessage & { id: string }; window?: { from: string; until: string } }
  | { ok: false; reason: string };

const skip = (reason: string): Rendered => ({ ok: false, reason });

/**
 * The content a message should carry right now, read from the current stay/turnover and its confirmed codes. Both
 * the scheduler and the delivery job call it: the job re-renders at send time, so a message queued a day ahead
 * carries the dates as they are when it leaves, and is withdrawn if its stay was cancelled or its code is no longer
 * confirmed (invariant 1 holds at send time, not just at scheduling time).
 */
export function renderMessage(deps: Pick<ServiceDeps, "db" | "box" | "config">, subject: MessageSubject): Rendered {
  const { db, box } = deps;
  if (subject.purpose === "guest_code" || subject.purpose === "guest_update") {
    const stay = subject.stayId ? lookups.stay.maybe(db, subject.accountId, subject.stayId) : undefined;
    if (!stay) return skip("stay no longer exists");
    if (stay.status !== "confirmed") return skip("stay was cancelled");
    const property = lookups.property.maybe(db, stay.accountId, stay.propertyId);
    if (!property) return skip("property no longer exists");
    const codes = confirmedGuestCodes(db, box, stay.id);
    if (!codes) return skip("no code confirmed on the lock for this stay");
    const guestLink = deps.config.STAYKEY_PUBLIC_URL ? `${deps.config.STAYKEY_PUBLIC_URL}${stayGuestPath(box, stay)}` : null;
    const message = composeGuestMessage(subject.purpose === "guest_code" ? "code" : "update", property, stay, codes, guestLink, guestLanguageOf(stay.guestLocale));
    return { ok: true, message, property, window: windowText(property, codes) };
  }
  if (!subject.purpose.startsWith("cleaner_")) return skip(`unknown message purpose ${subject.purpose}`);
  const turnover = subject.turnoverId ? lookups.turnover.maybe(db, subject.accountId, subject.turnoverId) : undefined;
  if (!turnover) return skip("turnover no longer exists");
  const property = lookups.property.maybe(db, turnover.accountId, turnover.propertyId);
  if (!property) return skip("property no longer exists");
  if (subject.purpose === "cleaner_cancel") {
    if (turnover.status !== "cancelled") return skip("turnover is scheduled again");
    return { ok: true, message: composeCleanerCancellation(property, turnover), property };
  }
  if (turnover.status !== "scheduled") return skip("turnover was cancelled");
  const cleaner = subject.contactId ? lookups.contact.maybe(db, subject.accountId, subject.contactId) : undefined;
  if (!cleaner) return skip("cleaner no longer exists");
  const codes = confirmedCleanerCodes(db, box, turnover.id, cleaner.id);
  if (!codes) return skip("no cleaner code confirmed on the lock for this turnover");
  const message = composeCleanerMessage(subject.purpose === "cleaner_update" ? "update" : "notice", property, cleaner, turnover, codes.pin);
  return { ok: true, message, property, window: { from: formatLocal(turnover.startsAt, property.timezone, property.locale), until: formatLocal(turnover.endsAt, property.timezone, property.locale) } };
}

function windowText(property: PropertyForMessage, codes: ConfirmedCodes) {
  return { from: formatLocal(codes.validFrom, property.timezone, property.locale), until: formatLocal(codes.validTo, property.timezone, property.locale) };
}
