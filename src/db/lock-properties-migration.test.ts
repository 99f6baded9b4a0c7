import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "./client";

const MIGRATIONS = resolve(__dirname, "../../migrations");
const TAG = "grants_and_shared_locks";

/** The migrations as they were before the shared-door table: the journal without it and every one after it. */
function migrationsBefore(tag: string): string {
  const dir = mkdtempSync(join(tmpdir(), "staykey-migrations-"));
  cpSync(MIGRATIONS, dir, { recursive: true });
  const journalFile = join(dir, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalFile, "utf8")) as { entries: Array<{ idx: number; tag: string }> };
  const cut = journal.entries.findIndex((e) => e.tag.endsWith(tag));
  expect(cut).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, cut);
  writeFileSync(journalFile, JSON.stringify(journal));
  return dir;
}

describe("the shared-door migration", () => {
  it("keeps every existing lock on the property it belonged to", () => {
    const file = join(mkdtempSync(join(tmpdir(), "staykey-db-")), "staykey.db");
    const old = new Database(file);
    migrate(drizzle(old), { migrationsFolder: migrationsBefore(TAG) });
    old.exec(`
      insert into accounts (id, name, created_at) values ('acct_1', 'A', 0);
      insert into properties (id, account_id, name, timezone, created_at, updated_at) values ('prop_1', 'acct_1', 'P1', 'UTC', 0, 0), ('prop_2', 'acct_1', 'P2', 'UTC', 0, 0);
      insert into locks (id, account_id, property_id, name, provider, provider_device_id, created_at, updated_at)
        values ('lock_1', 'acct_1', 'prop_1', 'Front', 'simulated', 'd1', 5, 5), ('lock_2', 'acct_1', 'prop_2', 'Back', 'simulated', 'd2', 7, 7);
    `);
    old.close();

    const db = openDatabase(file);
    const rows = db.$client.prepare("select lock_id, property_id, created_at from lock_properties order by lock_id").all();
    expect(rows).toEqual([
      { lock_id: "lock_1", property_id: "prop_1", created_at: 5 },
      { lock_id: "lock_2", property_id: "prop_2", created_at: 7 },
    ]);
    db.$client.close();
  });
});
