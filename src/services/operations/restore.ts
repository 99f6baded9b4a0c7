import { copyFileSync, chmodSync, existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { migrationStatus, openDatabase } from "../../db/client";
import { processHeartbeats } from "../../db/schema";
import type { Clock } from "../../lib/clock";
import { BackupError, checkCopy } from "./backup";
import { HEARTBEAT_STALE_MS } from "./process-heartbeat";

export interface RestoreResult {
  database: string;
  /** Where the database that was there before went (nothing is deleted), or null for an empty data dir. */
  previous: string | null;
  /** Migrations applied after the copy, when the backup came from an older staykey. */
  migrated: number;
}

/**
 * Puts a backup in place as the data dir's database. Refused while a staykey process still beats against the current
 * database (restore into a stopped data dir), for a damaged file, and for a backup from a newer staykey (this build
 * cannot know its schema). The current database is moved aside, never deleted, with its -wal and -shm, so a stale WAL
 * can never be replayed onto the restored file. A backup from an older release is migrated forward.
 */
export function restoreDatabase(backupFile: string, databaseFile: string, clock: Clock): RestoreResult {
  if (!existsSync(backupFile)) throw new BackupError(`${backupFile} does not exist`);
  checkCopy(backupFile);
  const backupStatus = withReadOnly(backupFile, migrationStatus);
  if (backupStatus.newer > 0) {
    throw new BackupError(`${backupFile} comes from a newer staykey (${backupStatus.newer} migration(s) this build does not know); restore it with that version or newer`);
  }
  let previous: string | null = null;
  if (existsSync(databaseFile)) {
    const alive = withReadOnly(databaseFile, (db) => liveProcessesIn(db, clock));
    if (alive.length > 0) {
      throw new BackupError(`staykey is still running on this data dir (${alive.join("; ")}): stop serve and every worker first`);
    }
    previous = `${databaseFile}.before-restore-${clock.now().toISOString().replaceAll(":", "-")}`;
    for (const suffix of ["", "-wal", "-shm"]) {
      if (existsSync(databaseFile + suffix)) renameSync(databaseFile + suffix, previous + suffix);
    }
  }
  mkdirSync(dirname(databaseFile), { recursive: true, mode: 0o700 });
  const partial = `${databaseFile}.restoring`;
  copyFileSync(backupFile, partial);
  chmodSync(partial, 0o600);
  rmSync(`${databaseFile}-wal`, { force: true });
  rmSync(`${databaseFile}-shm`, { force: true });
  renameSync(partial, databaseFile);
  // Opening migrates a backup from an older release; the heartbeats it carries are of processes long gone.
  const db = openDatabase(databaseFile);
  try {
    db.delete(processHeartbeats).run();
  } finally {
    db.$client.close();
  }
  return { database: databaseFile, previous, migrated: backupStatus.pending };
}

function withReadOnly<T>(file: string, fn: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

function liveProcessesIn(db: Database.Database, clock: Clock): string[] {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'process_heartbeats'").get();
  if (!exists) return [];
  const since = clock.now().getTime() - HEARTBEAT_STALE_MS;
  const rows = db.prepare("SELECT role, host, pid FROM process_heartbeats WHERE beat_at >= ?").all(since) as { role: string; host: string; pid: number }[];
  return rows.map((r) => `${r.role} pid ${r.pid} on ${r.host}`);
}
