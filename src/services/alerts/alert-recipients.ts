import { and, eq } from "drizzle-orm";
import { contacts, users } from "../../db/schema";
import type { CoreDeps } from "../../deps";
import type { Channel } from "../../domain/messages";
import { openContact, openUserEmail } from "../contact-details/contact-details";

export interface AlertRecipient {
  /** Contact or user id: part of each message's idempotency key, so two recipients never collide. */
  id: string;
  contactId: string | null;
  channel: Channel;
  to: string;
}

/**
 * The account's `alerts` contacts on every channel they gave (a text and an email both, when both are known). A host
 * who never set one up still hears about trouble: the account owners' sign-in emails stand in.
 */
export function alertRecipients({ db, box }: Pick<CoreDeps, "db" | "box">, accountId: string): AlertRecipient[] {
  const out: AlertRecipient[] = [];
  const rows = db.select().from(contacts).where(and(eq(contacts.accountId, accountId), eq(contacts.role, "alerts"))).orderBy(contacts.id).all();
  for (const c of rows.map((row) => openContact(box, row))) {
    if (c.phone) out.push({ id: c.id, contactId: c.id, channel: "sms", to: c.phone });
    if (c.email) out.push({ id: c.id, contactId: c.id, channel: "email", to: c.email });
  }
  if (out.length > 0) return out;
  const owners = db.select({ id: users.id, emailEnc: users.emailEnc }).from(users)
    .where(and(eq(users.accountId, accountId), eq(users.role, "owner"))).orderBy(users.id).all();
  return owners.map((u) => ({ id: u.id, contactId: null, channel: "email" as const, to: openUserEmail(box, u) }));
}
