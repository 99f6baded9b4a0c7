import { and, asc, desc, eq, gt, gte, inArray, lt, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { listAccountPage } from "../../db/account-page";
import { equalFilters, type PageQuery } from "../../db/column-filters";
import type { LockEventRow } from "../../db/rows";
import { lockEvents, locks, properties, stays, contacts } from "../../db/schema";
import type { LockEventKind } from "../../domain/door/lock-event-kinds";

export type { LockEventRow };

export interface LockEventFilters {
  lockId?: string;
  propertyId?: string;
  stayId?: string;
  contactId?: string;
  accessCodeId?: string;
  kind?: LockEventKind;
  /** Events that happened at or after this instant. */
  from?: Date;
  /** Events that happened before this instant. */
  to?: Date;
}

/** The conditions every access-log view shares: its filters, and a member's properties when they are limited to some. */
function conditions(q: LockEventFilters, propertyIds: string[] | null): Array<SQL | undefined> {
  const { lockId, propertyId, stayId, contactId, accessCodeId, kind } = lockEvents;
  return [
    ...equalFilters({ lockId, propertyId, stayId, contactId, accessCodeId, kind }, q),
    q.from ? gte(lockEvents.occurredAt, q.from) : undefined,
    q.to ? lt(lockEvents.occurredAt, q.to) : undefined,
    propertyIds === null ? undefined : inArray(lockEvents.propertyId, propertyIds),
  ];
}

/** One page of the account's access log (the API's list), in the order they were stored, oldest first. */
export function listLockEvents(db: Db, accountId: string, q: LockEventFilters & PageQuery, propertyIds: string[] | null = null) {
  return listAccountPage(db, lockEvents, accountId, conditions(q, propertyIds), q);
}

/** An access-log line with the names a person reads: the lock, the property (and its zone), the guest or cleaner. */
export interface LockEventView extends LockEventRow {
  lockName: string;
  propertyName: string;
  timezone: string;
  locale: string;
  guestName: string | null;
  contactName: string | null;
}

/**
 * Events with names: newest first (the dashboard), or oldest first after `cursor` in storage order (the CSV export's
 * pages, like the API's list), at most `limit`.
 */
export function lockEventViews(
  db: Db, accountId: string, q: LockEventFilters & { limit: number; order?: "newest" | "oldest"; cursor?: string }, propertyIds: string[] | null = null,
): LockEventView[] {
  const oldest = q.order === "oldest";
  return db.select({ event: lockEvents, lockName: locks.name, propertyName: properties.name, timezone: properties.timezone, locale: properties.locale, guestName: stays.guestName, contactName: contacts.name })
    .from(lockEvents)
    .innerJoin(locks, eq(locks.id, lockEvents.lockId))
    .innerJoin(properties, eq(properties.id, lockEvents.propertyId))
    .leftJoin(stays, eq(stays.id, lockEvents.stayId))
    .leftJoin(contacts, eq(contacts.id, lockEvents.contactId))
    .where(and(eq(lockEvents.accountId, accountId), ...conditions(q, propertyIds), q.cursor ? gt(lockEvents.id, q.cursor) : undefined))
    .orderBy(...(oldest ? [asc(lockEvents.id)] : [desc(lockEvents.occurredAt), desc(lockEvents.id)]))
    .limit(q.limit)
    .all()
    .map((r) => ({ ...r.event, lockName: r.lockName, propertyName: r.propertyName, timezone: r.timezone, locale: r.locale, guestName: r.guestName, contactName: r.contactName }));
}
