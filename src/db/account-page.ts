import { and, asc, eq, gt, type SQL } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Db } from "./client";

/** Ids are time-prefixed, so ordering by id is stable and a cursor is simply the last id seen. */
function page<T extends { id: string }>(rows: T[], limit: number): { data: T[]; nextCursor: string | null } {
  const more = rows.length > limit;
  const data = more ? rows.slice(0, limit) : rows;
  return { data, nextCursor: more ? data[data.length - 1]!.id : null };
}

type AccountTable = SQLiteTable & { id: SQLiteColumn; accountId: SQLiteColumn };

/**
 * One page of an account's rows: the account scope and the cursor are applied here, once, for every list endpoint,
 * so no list can forget either. `filters` are the endpoint's own optional conditions (undefined ones are skipped).
 */
export function listAccountPage<T extends AccountTable>(
  db: Db,
  table: T,
  accountId: string,
  filters: Array<SQL | undefined>,
  q: { limit: number; cursor?: string },
): { data: T["$inferSelect"][]; nextCursor: string | null } {
  type Row = T["$inferSelect"] & { id: string };
  const rows = db
    .select()
    .from(table as SQLiteTable)
    .where(and(eq(table.accountId, accountId), ...filters, q.cursor ? gt(table.id, q.cursor) : undefined))
    .orderBy(asc(table.id))
    .limit(q.limit + 1)
    .all() as Row[];
  return page<Row>(rows, q.limit);
}
