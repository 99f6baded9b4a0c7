import { and, asc, desc, eq, gt, gte, inArray, lt, or, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { listAccountPage } from "../../db/account-page";
import { equalFilters, type PageQuery } from "../../db/column-filters";
import type { LockEventRow } from "../../db/rows";
import { lockEvents, locks, properties, stays, contacts } from "../../db/schema";
import { accessLogCsv } from "../../domain/door/access-log-csv";
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

/** Where a newest-first page resumes: the last line shown, as `<ms>_<event id>`. */
function olderThan(cursor: string | undefined): SQL | undefined {
  const m = cursor ? /^(\d{1,15})_(door_[0-9a-z]+)$/.exec(cursor) : null;
  if (!m) return undefined;
  const at = new Date(Number(m[1]));
  return or(lt(lockEvents.occurredAt, at), and(eq(lockEvents.occurredAt, at), lt(lockEvents.id, m[2]!)));
}

/**
 * Events with names: newest first (the dashboard; `cursor` from `accessLogPage`), or oldest first after `cursor` in
 * storage order (the CSV export's pages, like the API's list), at most `limit`.
 */
export function lockEventViews(
  db: Db, accountId: string, q: LockEventFilters & { limit: number; order?: "newest" | "oldest"; cursor?: string }, propertyIds: string[] | null = null,
): LockEventView[] {
  const oldest = q.order === "oldest";
  const after = oldest ? (q.cursor ? gt(lockEvents.id, q.cursor) : undefined) : olderThan(q.cursor);
  return db.select({ event: lockEvents, lockName: locks.name, propertyName: properties.name, timezone: properties.timezone, locale: properties.locale, guestName: stays.guestName, contactName: contacts.name })
    .from(lockEvents)
    .innerJoin(locks, eq(locks.id, lockEvents.lockId))
    .innerJoin(properties, eq(properties.id, lockEvents.propertyId))
    .leftJoin(stays, eq(stays.id, lockEvents.stayId))
    .leftJoin(contacts, eq(contacts.id, lockEvents.contactId))
    .where(and(eq(lockEvents.accountId, accountId), ...conditions(q, propertyIds), after))
    .orderBy(...(oldest ? [asc(lockEvents.id)] : [desc(lockEvents.occurredAt), desc(lockEvents.id)]))
    .limit(q.limit)
    .all()
    .map((r) => ({ ...r.event, lockName: r.lockName, propertyName: r.propertyName, timezone: r.timezone, locale: r.locale, guestName: r.guestName, contactName: r.contactName }));
}

/** One newest-first page of the access log with names (the dashboard's), and where the next, older, page starts. */
export function accessLogPage(db: Db, accountId: string, q: LockEventFilters & { limit: number; cursor?: string }, propertyIds: string[] | null = null) {
  const rows = lockEventViews(db, accountId, { ...q, limit: q.limit + 1, order: "newest" }, propertyIds);
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return { rows: page, nextCursor: rows.length > q.limit && last ? `${last.occurredAt.getTime()}_${last.id}` : null };
}

/** One file of the access log as CSV, oldest first (the API's export and the dashboard's link), and the next file's cursor. */
export function accessLogCsvPage(db: Db, accountId: string, q: LockEventFilters & { limit: number; cursor?: string }, propertyIds: string[] | null = null) {
  const rows = lockEventViews(db, accountId, { ...q, limit: q.limit + 1, order: "oldest" }, propertyIds);
  const page = rows.slice(0, q.limit);
  return { csv: accessLogCsv(page.map((r) => ({ ...r, who: r.guestName ?? r.contactName }))), nextCursor: rows.length > q.limit ? page[page.length - 1]!.id : null };
}

/** What the access log can be narrowed to: the properties and locks the member reaches, by name. */
export function accessLogChoices(db: Db, accountId: string, propertyIds: string[] | null = null) {
  const scoped = (column: typeof properties.id | typeof locks.propertyId) => (propertyIds === null ? undefined : inArray(column, propertyIds));
  return {
    properties: db.select({ id: properties.id, name: properties.name, timezone: properties.timezone }).from(properties)
      .where(and(eq(properties.accountId, accountId), scoped(properties.id))).orderBy(asc(properties.name)).all(),
    locks: db.select({ id: locks.id, name: locks.name, propertyName: properties.name }).from(locks).innerJoin(properties, eq(properties.id, locks.propertyId))
      .where(and(eq(locks.accountId, accountId), scoped(locks.propertyId))).orderBy(asc(properties.name), asc(locks.name)).all(),
  };
}
