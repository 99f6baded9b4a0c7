import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { smsOptOuts } from "../../db/schema";
import type { Channel } from "../../domain/messages";

export interface Recipient {
  channel: Channel;
  to: string;
}

export function isOptedOut(db: Db, phone: string): boolean {
  return db.select({ phone: smsOptOuts.phone }).from(smsOptOuts).where(eq(smsOptOuts.phone, phone)).get() !== undefined;
}

/**
 * Guests get every channel they gave us (SMS and email both when both are known), minus a number that replied STOP:
 * texting it again is refused by Twilio (21610) and unwelcome anyway.
 */
export function guestRecipients(db: Db, stay: { guestPhone: string | null; guestEmail: string | null }): Recipient[] {
  const out: Recipient[] = [];
  if (stay.guestPhone && !isOptedOut(db, stay.guestPhone)) out.push({ channel: "sms", to: stay.guestPhone });
  if (stay.guestEmail) out.push({ channel: "email", to: stay.guestEmail });
  return out;
}

/** Cleaners get one channel: a text when they have a reachable phone, email otherwise. */
export function cleanerRecipient(db: Db, contact: { phone: string | null; email: string | null }): Recipient | null {
  if (contact.phone && !isOptedOut(db, contact.phone)) return { channel: "sms", to: contact.phone };
  if (contact.email) return { channel: "email", to: contact.email };
  return null;
}
