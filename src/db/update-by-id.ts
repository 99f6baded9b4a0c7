import type Database from "better-sqlite3";
import { getTableConfig, type SQLiteColumn, type SQLiteTable } from "drizzle-orm/sqlite-core";
import { preparedOnce } from "./prepared-once";

const statementsByShape = preparedOnce((_sqlite: Database.Database) => new Map<string, Database.Statement>());
const tableMeta = preparedOnce((table: SQLiteTable) => {
  const config = getTableConfig(table);
  const byKey = new Map<string, SQLiteColumn>();
  for (const [key, column] of Object.entries(table)) if (config.columns.includes(column as SQLiteColumn)) byKey.set(key, column as SQLiteColumn);
  return { name: config.name, byKey };
});

/**
 * `UPDATE <table> SET … WHERE id = ?` from a drizzle-style partial row, through a statement prepared once per table
 * and set of columns. For the sync's hot path: building the same drizzle update for every feed and every stay cost
 * more than SQLite took to run it. Values go through each column's own driver mapping (instants to epoch ms, flags
 * to 0/1, JSON to text), so what is stored is exactly what drizzle would store. `undefined` values are left out.
 * Plain values only (no sql`` expressions) and tables keyed by `id`, which is all the sync needs.
 */
export function updateById<T extends SQLiteTable>(sqlite: Database.Database, table: T, id: string, values: Partial<T["$inferInsert"]>): void {
  const meta = tableMeta(table);
  const keys = Object.keys(values).filter((key) => (values as Record<string, unknown>)[key] !== undefined);
  if (keys.length === 0) return;
  const statement = statementFor(sqlite, meta, keys);
  const params = keys.map((key) => {
    const value = (values as Record<string, unknown>)[key];
    return value === null ? null : meta.byKey.get(key)!.mapToDriverValue(value);
  });
  statement.run(...params, id);
}

function statementFor(sqlite: Database.Database, meta: { name: string; byKey: Map<string, SQLiteColumn> }, keys: string[]): Database.Statement {
  const byShape = statementsByShape(sqlite);
  const shape = `${meta.name}:${keys.join(",")}`;
  let statement = byShape.get(shape);
  if (!statement) {
    const set = keys.map((key) => {
      const column = meta.byKey.get(key);
      if (!column) throw new Error(`${meta.name} has no column ${key}`);
      return `"${column.name}" = ?`;
    });
    statement = sqlite.prepare(`UPDATE "${meta.name}" SET ${set.join(", ")} WHERE "id" = ?`);
    byShape.set(shape, statement);
  }
  return statement;
}
