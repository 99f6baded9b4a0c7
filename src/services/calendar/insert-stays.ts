import type Database from "better-sqlite3";
import { getTableConfig } from "drizzle-orm/sqlite-core";
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
  now: Date;
}

const COLUMNS = {
  id: stays.id, accountId: stays.accountId, propertyId: stays.propertyId, feedId: stays.feedId, externalUid: stays.externalUid,
  kind: stays.kind, checkInDate: stays.checkInDate, checkOutDate: stays.checkOutDate, checkInAt: stays.checkInAt, checkOutAt: stays.checkOutAt,
  summary: stays.summary, guestName: stays.guestName, guestPhoneLast4: stays.guestPhoneLast4, reservationCode: stays.reservationCode,
  createdAt: stays.createdAt, updatedAt: stays.updatedAt,
};
const statements = new WeakMap<Database.Database, Database.Statement>();

function insertStatement(sqlite: Database.Database): Database.Statement {
  let statement = statements.get(sqlite);
  if (!statement) {
    // Column names come from the drizzle schema, so a renamed column breaks here at once rather than silently.
    const names = Object.values(COLUMNS).map((column) => `"${column.name}"`);
    const params = Object.keys(COLUMNS).map((key) => `@${key}`);
    statement = sqlite.prepare(`INSERT INTO "${getTableConfig(stays).name}" (${names.join(", ")}) VALUES (${params.join(", ")})`);
    statements.set(sqlite, statement);
  }
  return statement;
}

/**
 * Inserts a cold feed's stays through one prepared statement: building a drizzle insert for ~70 rows of 16 columns
 * per feed was the largest cost of a first sync. Runs inside the caller's transaction (one connection); the other
 * columns take their schema defaults (confirmed, version 1, no aliases, missing 0, no echo, no conflict).
 */
export function insertFeedStays(sqlite: Database.Database, rows: readonly NewFeedStay[]): void {
  if (rows.length === 0) return;
  const statement = insertStatement(sqlite);
  for (const row of rows) {
    statement.run({
      ...row,
      checkInAt: row.checkInAt.getTime(),
      checkOutAt: row.checkOutAt.getTime(),
      createdAt: row.now.getTime(),
      updatedAt: row.now.getTime(),
      now: undefined,
    });
  }
}
