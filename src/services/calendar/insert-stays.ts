import type Database from "better-sqlite3";
import { getTableConfig } from "drizzle-orm/sqlite-core";
import { preparedOnce } from "../../db/prepared-once";
import { stays } from "../../db/schema";
import type { ReconcilePlan } from "../../domain/calendar";

export interface NewStaysContext {
  accountId: string;
  propertyId: string;
  feedId: string;
  now: Date;
  /** Seals a PMS feed's guest phone/email for a new stay (services/contact-details): the plan holds them in the clear. */
  sealContact: (stayId: string, contact: { guestPhone?: string; guestEmail?: string }) => { guestPhoneEnc?: string | null; guestEmailEnc?: string | null };
}

type NewStay = ReconcilePlan["creates"][number];

// The INSERT's columns, in the order `pushRow` writes each row's values: keep the two side by side.
const COLUMNS = [
  stays.id, stays.accountId, stays.propertyId, stays.feedId, stays.externalUid, stays.kind, stays.checkInDate, stays.checkOutDate,
  stays.checkInAt, stays.checkOutAt, stays.summary, stays.guestName, stays.guestPhoneLast4, stays.reservationCode, stays.guestPhoneEnc,
  stays.guestEmailEnc, stays.guestContactSource, stays.guestCount, stays.createdAt, stays.updatedAt,
];

function pushRow(values: unknown[], ctx: NewStaysContext, nowMs: number, stay: NewStay): void {
  const hasContact = Boolean(stay.guestPhone || stay.guestEmail);
  const sealed = hasContact ? ctx.sealContact(stay.stayId, { guestPhone: stay.guestPhone, guestEmail: stay.guestEmail }) : null;
  values.push(
    stay.stayId, ctx.accountId, ctx.propertyId, ctx.feedId, stay.uid, stay.kind, stay.checkInDate, stay.checkOutDate,
    stay.checkInAt.getTime(), stay.checkOutAt.getTime(), stay.summary, stay.guestName ?? null, stay.phoneLast4 ?? null, stay.reservationCode ?? null,
    sealed?.guestPhoneEnc ?? null, sealed?.guestEmailEnc ?? null, hasContact ? "feed" : null, stay.guestCount ?? null, nowMs, nowMs,
  );
}

/**
 * Rows per INSERT: a year of one listing's bookings (~70) is one or two statement steps; 64 x 20 parameters is far under
 * SQLite's limit.
 */
const CHUNK = 64;
const statementsBySize = preparedOnce((_sqlite: Database.Database) => new Map<number, Database.Statement>());

function insertStatement(sqlite: Database.Database, rows: number): Database.Statement {
  const bySize = statementsBySize(sqlite);
  let statement = bySize.get(rows);
  if (!statement) {
    // Column names come from the drizzle schema, so a renamed column breaks here at once rather than silently.
    const names = COLUMNS.map((column) => `"${column.name}"`);
    const tuple = `(${names.map(() => "?").join(", ")})`;
    statement = sqlite.prepare(`INSERT INTO "${getTableConfig(stays).name}" (${names.join(", ")}) VALUES ${Array.from({ length: rows }, () => tuple).join(", ")}`);
    bySize.set(rows, statement);
  }
  return statement;
}

/**
 * Inserts the stays a reconcile plan creates through prepared multi-row statements, the values written straight from
 * the plan: a cold feed's ~70 new stays were a drizzle insert each at first, then one object per row read back
 * through a closure per column, and each layer showed in the writer's profile. Runs inside the caller's transaction
 * (one connection); the other columns take their schema defaults (confirmed, version 1, no aliases, missing 0, no
 * echo, no conflict).
 */
export function insertNewStays(sqlite: Database.Database, ctx: NewStaysContext, creates: readonly NewStay[]): void {
  const nowMs = ctx.now.getTime();
  for (let at = 0; at < creates.length; at += CHUNK) {
    const end = Math.min(creates.length, at + CHUNK);
    const values: unknown[] = [];
    for (let i = at; i < end; i++) pushRow(values, ctx, nowMs, creates[i]!);
    insertStatement(sqlite, end - at).run(values);
  }
}
