import { inArray } from "drizzle-orm";
import { smsOptOuts } from "../../db/schema";
import type { Channel } from "../../domain/messages";
import type { ContactDetails, GuestContact } from "../contact-details/contact-details";
import { phoneHashes } from "../contact-details/contact-details";
import type { ServiceDeps } from "../deps";

export interface Recipient {
  channel: Channel;
  to: string;
}

type OptOutDeps = Pick<ServiceDeps, "db" | "box">;

export function isOptedOut(deps: OptOutDeps, phone: string): boolean {
  return deps.db.select({ phoneHash: smsOptOuts.phoneHash }).from(smsOptOuts).where(inArray(smsOptOuts.phoneHash, phoneHashes(deps.box, phone))).get() !== undefined;
}

/**
 * Guests get every channel they gave us (SMS and email both when both are known), minus a number that replied STOP:
 * texting it again is refused by Twilio (21610) and unwelcome anyway.
 */
export function guestRecipients(deps: OptOutDeps, stay: GuestContact): Recipient[] {
  const out: Recipient[] = [];
  if (stay.guestPhone && !isOptedOut(deps, stay.guestPhone)) out.push({ channel: "sms", to: stay.guestPhone });
  if (stay.guestEmail) out.push({ channel: "email", to: stay.guestEmail });
  return out;
}

/** Cleaners get one channel: a text when they have a reachable phone, email otherwise. */
export function cleanerRecipient(deps: OptOutDeps, contact: ContactDetails): Recipient | null {
  if (contact.phone && !isOptedOut(deps, contact.phone)) return { channel: "sms", to: contact.phone };
  if (contact.email) return { channel: "email", to: contact.email };
  return null;
}
