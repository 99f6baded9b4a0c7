import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { chmodSync, closeSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../migrations");

/**
 * Opens (and migrates) the SQLite database. `":memory:"` gives tests a private database.
 * WAL lets the API read while a worker writes; busy_timeout lets several worker processes share one file.
 */
export function openDatabase(file: string, opts: { migrate?: boolean } = {}): Db {
  if (file !== ":memory:") ownerOnly(file);
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  const db = drizzle(sqlite, { schema }) as Db;
  if (opts.migrate !== false) migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  return db;
}

/**
 * The database holds sealed PINs, feed URLs and credentials, guests' contact details and keyed hashes: it gets the
 * mode of the secret.key beside it (0600). SQLite creates -wal and -shm with the database file's own mode, so creating
 * the file 0600 covers them; files an earlier version left 0644 are tightened here on every open.
 */
function ownerOnly(file: string): void {
  mkdirSync(dirname(resolve(file)), { recursive: true });
  closeSync(openSync(file, "a", 0o600)); // the mode applies only if this creates the file
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      chmodSync(f, 0o600);
    } catch (err) {
      // Absent (-wal/-shm between runs), or another user's file shared through its group: theirs to set.
      if ((err as NodeJS.ErrnoException).code !== "ENOENT" && (err as NodeJS.ErrnoException).code !== "EPERM") throw err;
    }
  }
}

export { schema };

export interface MigrationStatus {
  /** Migrations this build ships, and the newest one's tag. */
  known: number;
  latestKnown: string;
  /** Migrations recorded in the database. */
  applied: number;
  /** Recorded migrations newer than anything this build knows: the database came from a newer staykey. */
  newer: number;
  /** Shipped migrations the database has not had yet. */
  pending: number;
}

/**
 * Where a database's schema stands against this build's migrations (drizzle records each applied migration with its
 * journal timestamp). Works on any open SQLite handle, so a backup file can be judged before it is restored.
 */
export function migrationStatus(sqlite: Database.Database): MigrationStatus {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, "meta", "_journal.json"), "utf8")) as { entries: { when: number; tag: string }[] };
  const knownAt = new Set(journal.entries.map((e) => e.when));
  const hasTable = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get() !== undefined;
  const appliedAt = hasTable ? (sqlite.prepare("SELECT created_at FROM __drizzle_migrations").pluck().all() as (number | string)[]).map(Number) : [];
  const latest = Math.max(0, ...journal.entries.map((e) => e.when));
  const applied = new Set(appliedAt);
  return {
    known: journal.entries.length,
    latestKnown: journal.entries.at(-1)?.tag ?? "",
    applied: appliedAt.length,
    newer: appliedAt.filter((t) => t > latest && !knownAt.has(t)).length,
    pending: journal.entries.filter((e) => !applied.has(e.when)).length,
  };
}
