import type Database from "better-sqlite3";
import { getTableConfig } from "drizzle-orm/sqlite-core";
import { preparedOnce } from "../../db/prepared-once";
import { stays } from "../../db/schema";

export interface NewFeedStay {
  id: string;
  accountId: string;
  propertyId: string;
  feedId: string;
  externalUid: string;
  kind: "reservation" | "block";
  checkInDate: string;
  checkOutDate: string;
  checkInAt: Date;
  checkOutAt: Date;
  summary: string;
  guestName: string | null;
  guestPhoneLast4: string | null;
  reservationCode: string | null;
  /** Sealed already (services/contact-details), from a PMS DESCRIPTION; null when the feed carries none. */
  guestPhoneEnc: string | null;
  guestEmailEnc: string | null;
  guestContactSource: "feed" | null;
  guestCount: number | null;
  now: Date;
}

// Column and value side by side, so the INSERT's column list and each row's values cannot get out of order.
const FIELDS: ReadonlyArray<readonly [{ name: string }, (row: NewFeedStay) => unknown]> = [
  [stays.id, (r) => r.id], [stays.accountId, (r) => r.accountId], [stays.propertyId, (r) => r.propertyId], [stays.feedId, (r) => r.feedId],
  [stays.externalUid, (r) => r.externalUid], [stays.kind, (r) => r.kind], [stays.checkInDate, (r) => r.checkInDate],
  [stays.checkOutDate, (r) => r.checkOutDate], [stays.checkInAt, (r) => r.checkInAt.getTime()], [stays.checkOutAt, (r) => r.checkOutAt.getTime()],
  [stays.summary, (r) => r.summary], [stays.guestName, (r) => r.guestName], [stays.guestPhoneLast4, (r) => r.guestPhoneLast4],
  [stays.reservationCode, (r) => r.reservationCode], [stays.guestPhoneEnc, (r) => r.guestPhoneEnc], [stays.guestEmailEnc, (r) => r.guestEmailEnc],
  [stays.guestContactSource, (r) => r.guestContactSource], [stays.guestCount, (r) => r.guestCount], [stays.createdAt, (r) => r.now.getTime()], [stays.updatedAt, (r) => r.now.getTime()],
];
/** Rows per INSERT: one statement step per 32 stays instead of per stay; 32 x 20 parameters is far under SQLite's limit. */
const CHUNK = 32;
const statementsBySize = preparedOnce((_sqlite: Database.Database) => new Map<number, Database.Statement>());

function insertStatement(sqlite: Database.Database, rows: number): Database.Statement {
  const bySize = statementsBySize(sqlite);
  let statement = bySize.get(rows);
  if (!statement) {
    // Column names come from the drizzle schema, so a renamed column breaks here at once rather than silently.
    const names = FIELDS.map(([column]) => `"${column.name}"`);
    const tuple = `(${names.map(() => "?").join(", ")})`;
    statement = sqlite.prepare(`INSERT INTO "${getTableConfig(stays).name}" (${names.join(", ")}) VALUES ${Array.from({ length: rows }, () => tuple).join(", ")}`);
    bySize.set(rows, statement);
  }
  return statement;
}

/**
 * Inserts a cold feed's stays through prepared multi-row statements: building a drizzle insert for ~70 rows of 16
 * columns per feed was the largest cost of a first sync, and one statement per row the next. Runs inside the caller's
 * transaction (one connection); the other columns take their schema defaults (confirmed, version 1, no aliases,
 * missing 0, no echo, no conflict).
 */
export function insertFeedStays(sqlite: Database.Database, rows: readonly NewFeedStay[]): void {
  for (let at = 0; at < rows.length; at += CHUNK) {
    const chunk = rows.slice(at, at + CHUNK);
    const values: unknown[] = [];
    for (const row of chunk) for (const [, value] of FIELDS) values.push(value(row));
    insertStatement(sqlite, chunk.length).run(values);
  }
}
