import { and, asc, eq, gt, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { SelectResultFields } from "drizzle-orm/query-builders/select.types";
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
 * Builds and prepares its statement on every call: hot lists use `accountPageQuery` instead.
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

type Placeholder = ReturnType<typeof sql.placeholder>;
/**
 * An optional condition of a list, written against a placeholder its value is bound to when the list runs. The value
 * is bound as given (drizzle does not map a placeholder through the column): give a Date as the column stores it.
 */
export type PageFilter = (value: Placeholder) => SQL;
type Prepared = { all(values: Record<string, unknown>): unknown[] };

/**
 * `listAccountPage` for a list on a hot path (the API's stays, properties and codes): the statement for each set of
 * filters a caller uses is built and prepared once per database, and every value (account, filters, cursor, limit) is
 * bound when it runs. Building and preparing drizzle's query cost more than running it; at most 2^filters × 2 of them.
 * `columns` (default: every column) lets a list read only what its answer needs.
 */
export function accountPageQuery<T extends AccountTable, F extends Record<string, PageFilter>, C extends Record<string, SQLiteColumn | SQL.Aliased> | undefined = undefined>(
  table: T,
  filters: F,
  columns?: C,
) {
  type Row = (C extends Record<string, unknown> ? SelectResultFields<C> : T["$inferSelect"]) & { id: string };
  const names = Object.keys(filters) as Array<keyof F & string>;
  const statements = new WeakMap<Db, Map<string, Prepared>>();
  const build = (db: Db, used: Array<keyof F & string>, cursor: boolean): Prepared =>
    (columns ? db.select(columns) : db.select())
      .from(table as SQLiteTable)
      .where(and(
        eq(table.accountId, sql.placeholder("accountId")),
        ...used.map((name) => filters[name]!(sql.placeholder(`f_${name}`))),
        cursor ? gt(table.id, sql.placeholder("cursor")) : undefined,
      ))
      .orderBy(asc(table.id))
      .limit(sql.placeholder("limit"))
      .prepare() as Prepared;

  /** `values`: each filter's value, or undefined to leave it out. */
  return (db: Db, accountId: string, values: Partial<Record<keyof F, unknown>>, q: { limit: number; cursor?: string }) => {
    const bound: Record<string, unknown> = { accountId, limit: q.limit + 1 };
    const used: Array<keyof F & string> = [];
    for (const name of names) {
      if (values[name] === undefined) continue;
      used.push(name);
      bound[`f_${name}`] = values[name];
    }
    if (q.cursor) bound.cursor = q.cursor;
    const key = `${used.join(",")}|${q.cursor ? "cursor" : ""}`;
    let byKey = statements.get(db);
    if (!byKey) statements.set(db, (byKey = new Map()));
    let statement = byKey.get(key);
    if (!statement) byKey.set(key, (statement = build(db, used, Boolean(q.cursor))));
    return page(statement.all(bound) as Row[], q.limit);
  };
}
