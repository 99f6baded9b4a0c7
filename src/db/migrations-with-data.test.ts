import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

/*
 * Every migration, run on a database that already holds data: for each migration N the database is built at N-1,
 * every table that exists then gets a row (values chosen from each column's declared type, foreign keys pointing at
 * the rows of the tables they reference), and then the rest of the migrations run. Every row must still be there with
 * every value it had in the columns that still exist, and the foreign keys must still hold. It reads the migration
 * folder, so a migration added later is covered without touching this file.
 */

const MIGRATIONS = resolve(__dirname, "../../migrations");
type Journal = { entries: Array<{ idx: number; tag: string; when: number }> };
const journal = JSON.parse(readFileSync(join(MIGRATIONS, "meta", "_journal.json"), "utf8")) as Journal;
const scratch = mkdtempSync(join(tmpdir(), "staykey-migrations-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A copy of the migration folder whose journal stops before entry `cut`. */
function migrationsBefore(cut: number): string {
  const dir = join(scratch, `before-${cut}`);
  cpSync(MIGRATIONS, dir, { recursive: true });
  writeFileSync(join(dir, "meta", "_journal.json"), JSON.stringify({ ...journal, entries: journal.entries.slice(0, cut) }));
  return dir;
}

type Column = { name: string; type: string; pk: number };
type ForeignKey = { table: string; from: string; to: string | null };
type Row = Record<string, unknown>;

function tablesOf(db: Database.Database): string[] {
  return db
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name != '__drizzle_migrations' order by name")
    .pluck()
    .all() as string[];
}

function columnsOf(db: Database.Database, table: string): Column[] {
  return db.prepare(`select name, type, pk from pragma_table_info(?)`).all(table) as Column[];
}

function primaryKeyOf(db: Database.Database, table: string): string {
  return columnsOf(db, table).filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk)[0]?.name ?? "rowid";
}

function hashOf(text: string): number {
  let h = 0;
  for (const ch of text) h = (h * 31 + ch.charCodeAt(0)) % 1_000_003;
  return h;
}

/**
 * The value a column gets, the same wherever it is asked for: a foreign key takes the value of the column it points
 * at, so every reference lands on the referenced table's one row whatever order the tables are filled in.
 */
function valueFor(db: Database.Database, table: string, column: string, seen = new Set<string>()): unknown {
  const key = `${table}.${column}`;
  const fk = (db.prepare(`select "table", "from", "to" from pragma_foreign_key_list(?)`).all(table) as ForeignKey[]).find((f) => f.from === column);
  if (fk && !seen.has(key)) {
    seen.add(key);
    return valueFor(db, fk.table, fk.to ?? primaryKeyOf(db, fk.table), seen);
  }
  const type = (columnsOf(db, table).find((c) => c.name === column)?.type ?? "").toUpperCase();
  if (type.includes("INT")) return 1_000 + hashOf(key);
  if (type.includes("REAL") || type.includes("FLOA") || type.includes("DOUB")) return hashOf(key) / 7;
  if (type.includes("BLOB")) return Buffer.from(key);
  return `v:${key}`;
}

function fillEveryTable(db: Database.Database): Map<string, Row[]> {
  db.pragma("foreign_keys = OFF"); // tables are filled in name order; the check below proves every reference resolves
  const before = new Map<string, Row[]>();
  for (const table of tablesOf(db)) {
    const columns = columnsOf(db, table).map((c) => c.name);
    const values = columns.map((c) => valueFor(db, table, c));
    db.prepare(`insert into "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) values (${columns.map(() => "?").join(", ")})`).run(...values);
    before.set(table, db.prepare(`select * from "${table}"`).all() as Row[]);
  }
  expect(db.pragma("foreign_key_check")).toEqual([]);
  db.pragma("foreign_keys = ON");
  return before;
}

/** What a migration does to data on purpose, checked beside the generic "nothing lost". */
const transforms: Record<string, (db: Database.Database, before: Map<string, Row[]>) => void> = {
  stay_planned_version: (db, before) => {
    const stay = before.get("stays")![0]!;
    expect(db.prepare("select planned_version from stays where id = ?").pluck().get(stay.id)).toBe(stay.version);
  },
  grants_and_shared_locks: (db, before) => {
    const lock = before.get("locks")![0]!;
    expect(db.prepare("select lock_id, property_id from lock_properties where lock_id = ?").all(lock.id)).toEqual([
      { lock_id: lock.id, property_id: lock.property_id },
    ]);
  },
};

describe("every migration on a database with data in it", () => {
  it("has a journal to walk", () => {
    expect(journal.entries.length).toBeGreaterThan(1);
    for (const name of Object.keys(transforms)) expect(journal.entries.some((e) => e.tag.endsWith(name)), name).toBe(true);
  });

  it.each(journal.entries.slice(1).map((e) => [e.tag, e.idx] as const))("%s keeps every row of the release before it", (tag, idx) => {
    const sqlite = new Database(":memory:");
    migrate(drizzle(sqlite), { migrationsFolder: migrationsBefore(idx) });
    const before = fillEveryTable(sqlite);

    sqlite.pragma("foreign_keys = ON");
    migrate(drizzle(sqlite), { migrationsFolder: MIGRATIONS });
    expect(sqlite.prepare("select count(*) from __drizzle_migrations").pluck().get()).toBe(journal.entries.length);

    for (const [table, rows] of before) {
      const after = sqlite.prepare(`select * from "${table}"`).all() as Row[];
      expect(after.length, `${table} after ${tag}`).toBe(rows.length);
      const kept = new Set(columnsOf(sqlite, table).map((c) => c.name));
      for (const [i, row] of rows.entries()) {
        const survivors = Object.fromEntries(Object.entries(row).filter(([c]) => kept.has(c)));
        expect(after[i], `${table} after ${tag}`).toMatchObject(survivors);
      }
    }
    expect(sqlite.pragma("foreign_key_check"), `foreign keys after ${tag}`).toEqual([]);
    expect(sqlite.pragma("integrity_check", { simple: true })).toBe("ok");
    for (const [name, check] of Object.entries(transforms)) if (tag.endsWith(name)) check(sqlite, before);
    sqlite.close();
  });
});
