import { chmodSync, closeSync, existsSync, openSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import { migrationStatus } from "../../db/client";

export interface BackupResult {
  file: string;
  bytes: number;
  /** The newest migration the backup's schema has. */
  schema: string;
  ms: number;
}

export class BackupError extends Error {}

/**
 * An online, consistent copy of the live database, taken while staykey runs: SQLite's backup API copies every page
 * in one step, inside one read transaction, so writers (WAL) carry on and the copy is one instant of the database
 * (a step-by-step copy would restart each time another process wrote, and might never finish under load). The copy is
 * written beside its target and renamed only once it checks out, is a single self-contained file (no -wal), and is
 * 0600 like the database. The secret key is not in it: PINs, feed URLs and contact details stay sealed.
 */
export async function backupDatabase(source: Database.Database, file: string): Promise<BackupResult> {
  const started = performance.now();
  const target = resolve(file);
  if (existsSync(target)) throw new BackupError(`${target} already exists; choose a new file name`);
  if (!existsSync(dirname(target))) throw new BackupError(`the directory ${dirname(target)} does not exist`);
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });
  closeSync(openSync(partial, "wx", 0o600));
  try {
    await source.backup(partial, { progress: ({ remainingPages }) => Math.max(remainingPages, 100) });
    const schema = checkCopy(partial, { selfContained: true });
    chmodSync(partial, 0o600);
    renameSync(partial, target);
    return { file: target, bytes: statSync(target).size, schema, ms: Math.round(performance.now() - started) };
  } catch (err) {
    rmSync(partial, { force: true });
    rmSync(`${partial}-journal`, { force: true });
    throw err;
  }
}

/** Verifies a database file page by page and returns its newest migration's tag; a bad file throws BackupError. */
export function checkCopy(file: string, opts: { selfContained?: boolean } = {}): string {
  let copy: Database.Database;
  try {
    copy = new Database(file, { fileMustExist: true, readonly: !opts.selfContained });
  } catch (err) {
    throw new BackupError(`${file} cannot be opened as a database: ${(err as Error).message}`);
  }
  try {
    // A backup is one file: no -wal beside it to lose when it is copied elsewhere.
    if (opts.selfContained) copy.pragma("journal_mode = DELETE");
    const check = copy.pragma("quick_check", { simple: true });
    if (check !== "ok") throw new BackupError(`${file} is damaged: ${String(check)}`);
    const status = migrationStatus(copy);
    if (status.applied === 0) throw new BackupError(`${file} is not a staykey database (no migrations recorded)`);
    if (status.newer > 0) return "newer than this build";
    return appliedTag(copy) ?? status.latestKnown;
  } catch (err) {
    if (err instanceof BackupError) throw err;
    throw new BackupError(`${file} is not a usable staykey database: ${(err as Error).message}`);
  } finally {
    copy.close();
  }
}

function appliedTag(db: Database.Database): string | undefined {
  const status = migrationStatus(db);
  return status.pending === 0 ? status.latestKnown : `${status.applied} of ${status.known} migrations`;
}
