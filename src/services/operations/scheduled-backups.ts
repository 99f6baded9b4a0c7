import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { CoreDeps } from "../../deps";
import { backupDatabase } from "./backup";

const NAME = /^staykey-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z)\.db$/;
/** How often serve looks whether a backup is due; the interval itself is STAYKEY_BACKUP_EVERY_HOURS. */
const CHECK_EVERY_MS = 15 * 60_000;

export interface ScheduledBackups {
  /** One check: backs up if the newest backup is older than the interval, then keeps the newest `keep`. */
  runDue(): Promise<string | null>;
  stop(): Promise<void>;
}

/** `staykey-2026-12-02T11-40-00Z.db`: sortable by name, and the name says when it was taken. */
export function backupFileName(at: Date): string {
  return `staykey-${at.toISOString().slice(0, 19).replaceAll(":", "-")}Z.db`;
}

function takenAt(name: string): number | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const [date, time] = m[1]!.split("T");
  return Date.parse(`${date}T${time!.slice(0, -1).replaceAll("-", ":")}Z`);
}

/**
 * Backups into STAYKEY_BACKUP_DIR every STAYKEY_BACKUP_EVERY_HOURS, keeping the newest STAYKEY_BACKUP_KEEP. Due-ness is
 * read from the files themselves, so a restart neither skips a backup nor takes an extra one; files that are not
 * staykey's own backups are never touched.
 */
export function startScheduledBackups(deps: Pick<CoreDeps, "db" | "clock" | "logger">, opts: { dir: string; keep: number; everyMs: number }): ScheduledBackups {
  mkdirSync(opts.dir, { recursive: true, mode: 0o700 });
  let running: Promise<string | null> | undefined;
  const backups = () =>
    readdirSync(opts.dir)
      .map((name) => ({ name, at: takenAt(name) }))
      .filter((f): f is { name: string; at: number } => f.at !== null)
      .sort((a, b) => b.at - a.at);

  const once = async (): Promise<string | null> => {
    const now = deps.clock.now();
    const newest = backups()[0];
    if (newest && now.getTime() - newest.at < opts.everyMs) return null;
    const result = await backupDatabase(deps.db.$client, join(opts.dir, backupFileName(now)));
    deps.logger.info({ backup: result.file, bytes: result.bytes, ms: result.ms }, "scheduled backup written");
    for (const old of backups().slice(opts.keep)) {
      rmSync(join(opts.dir, old.name), { force: true });
      deps.logger.info({ backup: old.name }, "old backup removed (STAYKEY_BACKUP_KEEP)");
    }
    return result.file;
  };
  const runDue = () => {
    running ??= once()
      .catch((err: unknown) => {
        deps.logger.error({ err: (err as Error).message, dir: opts.dir }, "scheduled backup failed");
        return null;
      })
      .finally(() => (running = undefined));
    return running;
  };
  void runDue();
  const timer = setInterval(() => void runDue(), Math.min(CHECK_EVERY_MS, opts.everyMs));
  timer.unref();
  return {
    runDue,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
