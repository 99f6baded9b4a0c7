import type { Statement } from "better-sqlite3";
import { getTableColumns } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Db } from "../../db/client";
import type { CodeInsert } from "../../db/rows";
import { accessCodes } from "../../db/schema";

type CodeValues = Partial<CodeInsert>;

const columns: Record<string, SQLiteColumn | undefined> = getTableColumns(accessCodes);
const statements = new WeakMap<object, Map<string, Statement>>();

/**
 * Code rows are written through raw statements prepared once per column set: a plan or program job writes several,
 * and building each through the ORM cost more than the write. Values go through each column's own driver mapping
 * (instants → epoch ms), so rows read back through drizzle exactly as before; undefined means "leave as is".
 */
function entriesOf(values: CodeValues): Array<[string, unknown]> {
  return Object.entries(values).filter(([, v]) => v !== undefined).map(([k, v]) => {
    const column = columns[k];
    if (!column) throw new Error(`access_codes has no column ${k}`);
    return [column.name, v === null ? null : column.mapToDriverValue(v)];
  });
}

function statement(db: Db, key: string, sqlText: () => string): Statement {
  let byKey = statements.get(db.$client);
  if (!byKey) statements.set(db.$client, (byKey = new Map()));
  let stmt = byKey.get(key);
  if (!stmt) byKey.set(key, (stmt = db.$client.prepare(sqlText())));
  return stmt;
}

export function insertCodeRow(db: Db, values: CodeInsert): void {
  const entries = entriesOf(values);
  const names = entries.map(([n]) => n);
  statement(db, `insert:${names.join(",")}`, () => `insert into access_codes (${names.map((n) => `"${n}"`).join(", ")}) values (${names.map(() => "?").join(", ")})`)
    .run(...entries.map(([, v]) => v));
}

/** Sets `values` on the row when it is still in the state and version it was read in; returns whether it was. */
export function updateCodeRow(db: Db, values: CodeValues, where: { id: string; state: string; version: number }): boolean {
  const entries = entriesOf(values);
  const names = entries.map(([n]) => n);
  return statement(db, `update:${names.join(",")}`, () => `update access_codes set ${names.map((n) => `"${n}" = ?`).join(", ")} where "id" = ? and "state" = ? and "version" = ?`)
    .run(...entries.map(([, v]) => v), where.id, where.state, where.version).changes > 0;
}
