import { and, desc, eq, inArray, type SQL } from "drizzle-orm";
import { contacts, messages, properties, stays } from "../../db/schema";
import { MESSAGE_STATUSES } from "../../domain/messages/status-order";
import type { CoreDeps } from "../../deps";
import type { MessageRow } from "./message-rows";

export interface OutboxFilter {
  propertyId?: string;
  purpose?: string;
  status?: string;
}

export interface OutboxEntry {
  message: MessageRow;
  property: { id: string; name: string; timezone: string; locale: string } | null;
  /** Who it went to, by name: the stay's guest, the cleaner or alert contact; null when neither is known. */
  recipientName: string | null;
}

/** The kinds of message staykey sends, as the outbox's filter offers them. */
export const OUTBOX_PURPOSES = ["guest_code", "guest_update", "cleaner_notice", "cleaner_update", "cleaner_cancel", "alert", "alert_digest"] as const;

/**
 * The outbox: the account's latest messages (newest first), optionally of one property, kind or state, each with its
 * property and its recipient's name. A filter value the account does not have simply matches nothing.
 */
export function outboxEntries(deps: Pick<CoreDeps, "db">, accountId: string, filter: OutboxFilter, limit = 200): OutboxEntry[] {
  const { db } = deps;
  const where: SQL[] = [eq(messages.accountId, accountId)];
  if (filter.propertyId) where.push(eq(messages.propertyId, filter.propertyId));
  if (filter.purpose) where.push(eq(messages.purpose, filter.purpose));
  if (filter.status && (MESSAGE_STATUSES as readonly string[]).includes(filter.status)) where.push(eq(messages.status, filter.status as MessageRow["status"]));
  const rows = db.select().from(messages).where(and(...where)).orderBy(desc(messages.createdAt), desc(messages.id)).limit(limit).all();
  const ids = (pick: (m: MessageRow) => string | null) => [...new Set(rows.map(pick).filter((x): x is string => x !== null))];
  const stayIds = ids((m) => m.stayId);
  const contactIds = ids((m) => m.contactId);
  const guests = new Map(stayIds.length ? db.select({ id: stays.id, name: stays.guestName, propertyId: stays.propertyId }).from(stays).where(and(eq(stays.accountId, accountId), inArray(stays.id, stayIds))).all().map((s) => [s.id, s]) : []);
  const people = new Map(contactIds.length ? db.select({ id: contacts.id, name: contacts.name }).from(contacts).where(and(eq(contacts.accountId, accountId), inArray(contacts.id, contactIds))).all().map((c) => [c.id, c.name]) : []);
  const props = new Map(db.select({ id: properties.id, name: properties.name, timezone: properties.timezone, locale: properties.locale }).from(properties).where(eq(properties.accountId, accountId)).all().map((p) => [p.id, p]));
  return rows.map((m) => {
    const guest = m.stayId ? guests.get(m.stayId) : undefined;
    const propertyId = m.propertyId ?? guest?.propertyId ?? null;
    return {
      message: m,
      property: propertyId ? (props.get(propertyId) ?? null) : null,
      recipientName: (m.contactId ? people.get(m.contactId) : undefined) ?? guest?.name ?? null,
    };
  });
}

/** What the outbox's filters offer: the account's properties by name. */
export function outboxProperties(deps: Pick<CoreDeps, "db">, accountId: string) {
  return deps.db.select({ id: properties.id, name: properties.name }).from(properties).where(eq(properties.accountId, accountId)).orderBy(properties.name).all();
}
