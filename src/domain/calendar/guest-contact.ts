import { normalGuestPhone } from "../guests/guest-phone";
import type { GuestContactSource } from "./types";

/**
 * The guest's contact as PMS exports (OwnerRez, Hostaway, Guesty, Lodgify, Hospitable, Smoobu, ...) write it into
 * DESCRIPTION, one `Label: value` per line. The labels are the ones Home Assistant's Rental Control reads (`Phone:` /
 * `Phone Number:`, `Email:`, `Guests:` or `Adults:` + `Children:`), plus the few spellings PMS templates use for the same
 * fields (`Mobile:`, `Tel:`, `E-mail:`, `Number of Guests:`, `Guest Name:` / `Name:`). Airbnb's own
 * `Phone Number (Last 4 Digits):` is not a phone: it never matches here. Nothing read here is ever logged.
 */
export interface FeedGuestContact {
  guestPhone?: string;
  guestEmail?: string;
  guestCount?: number;
  guestName?: string;
  /** The last 4 digits of `guestPhone`, for identification on the guest page. */
  phoneLast4?: string;
}

const line = (label: string) => new RegExp(`^[ \\t]*(?:${label})[ \\t]*:[ \\t]*(.+?)[ \\t]*$`, "im");
const PHONE = line("phone(?: number)?|mobile(?: phone)?|cell(?: phone)?|tel(?:ephone)?|guest phone");
const EMAIL = line("e-?mail(?: address)?|guest e-?mail");
const GUESTS = line("(?:number of )?guests|guest count|# ?of guests");
const ADULTS = line("adults");
const CHILDREN = line("children|kids");
const NAME = line("guest name|name|guest");
const EMAIL_SHAPE = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

export function readGuestContact(description: string): FeedGuestContact {
  if (!description) return {};
  const out: FeedGuestContact = {};
  const raw = PHONE.exec(description)?.[1];
  const phone = raw ? normalGuestPhone(raw) : null;
  if (phone) {
    out.guestPhone = phone;
    out.phoneLast4 = phone.slice(-4);
  }
  const email = EMAIL.exec(description)?.[1]?.replace(/^mailto:/i, "");
  if (email && EMAIL_SHAPE.test(email) && email.length <= 254) out.guestEmail = email;
  const count = countOf(GUESTS.exec(description)?.[1]) ?? sumOf(countOf(ADULTS.exec(description)?.[1]), countOf(CHILDREN.exec(description)?.[1]));
  if (count !== undefined) out.guestCount = count;
  const name = NAME.exec(description)?.[1];
  if (name && name.length <= 200 && !/@|https?:/i.test(name)) out.guestName = name;
  return out;
}

function countOf(raw: string | undefined): number | undefined {
  const n = raw ? Number(/^\d{1,3}\b/.exec(raw)?.[0]) : NaN;
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

function sumOf(adults: number | undefined, children: number | undefined): number | undefined {
  return adults === undefined && children === undefined ? undefined : (adults ?? 0) + (children ?? 0) || undefined;
}

/** A stay's guest contact as stored (opened), with who gave it. */
export interface StoredGuestContact {
  source: GuestContactSource | null;
  guestPhone: string | null;
  guestEmail: string | null;
  guestCount: number | null;
}

/**
 * What a feed's later reading of a booking changes in its stored contact. A PMS often exports the guest's phone or email
 * only once the guest has given them, or a corrected one later: the feed's contact replaces one the feed gave before
 * (or none), field by field. What the host typed or the guest gave on the guest page wins over any feed, and a feed that
 * stops carrying a field erases nothing. The head count is no contact: the feed's replaces any other.
 */
export function feedContactChange(stored: StoredGuestContact, offered: Pick<FeedGuestContact, "guestPhone" | "guestEmail" | "guestCount">): Partial<Pick<FeedGuestContact, "guestPhone" | "guestEmail" | "guestCount">> {
  const change: Partial<Pick<FeedGuestContact, "guestPhone" | "guestEmail" | "guestCount">> = {};
  const feedMayWrite = stored.source === null || stored.source === "feed";
  if (feedMayWrite && offered.guestPhone && offered.guestPhone !== stored.guestPhone) change.guestPhone = offered.guestPhone;
  if (feedMayWrite && offered.guestEmail && offered.guestEmail !== stored.guestEmail) change.guestEmail = offered.guestEmail;
  if (offered.guestCount !== undefined && offered.guestCount !== stored.guestCount) change.guestCount = offered.guestCount;
  return change;
}
