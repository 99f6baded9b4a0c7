import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client";
import { ManualClock } from "../../src/lib/clock";
import { silentLogger } from "../../src/lib/logger";
import { backupDatabase, backupFileName, restoreDatabase, startScheduledBackups } from "../../src/services/operations";

const root = mkdtempSync(join(tmpdir(), "staykey-backups-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("scheduled backups", () => {
  it("backs up when the newest backup is older than the interval, keeps the newest STAYKEY_BACKUP_KEEP, and leaves other files alone", async () => {
    const clock = new ManualClock("2026-11-21T12:00:00Z");
    const db = openDatabase(join(root, "live.db"));
    const dir = join(root, "backups");
    const backups = startScheduledBackups({ db, clock, logger: silentLogger }, { dir, keep: 2, everyMs: 3600_000 });
    await backups.runDue();
    writeFileSync(join(dir, "notes.txt"), "mine");
    const first = backupFileName(clock.now());
    expect(readdirSync(dir).sort()).toEqual([first, "notes.txt"].sort());

    clock.advance(30 * 60_000);
    expect(await backups.runDue()).toBeNull();
    clock.advance(31 * 60_000);
    const second = await backups.runDue();
    clock.advance(61 * 60_000);
    const third = await backups.runDue();
    expect(second).not.toBeNull();
    expect(third).not.toBeNull();
    expect(readdirSync(dir).sort()).toEqual([third!.split("/").pop(), second!.split("/").pop(), "notes.txt"].sort());
    await backups.stop();
    db.$client.close();
  });
});

describe("restore", () => {
  it("refuses a backup from a newer staykey and a file that is not a database, and keeps the database it replaces", async () => {
    const clock = new ManualClock("2026-11-21T12:00:00Z");
    const db = openDatabase(join(root, "source.db"));
    const newer = join(root, "newer.db");
    await backupDatabase(db.$client, newer);
    db.$client.close();
    const raw = new Database(newer);
    raw.prepare("INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('future', ?)").run(Date.parse("2099-01-01"));
    raw.close();
    const target = join(root, "restored", "staykey.db");
    expect(() => restoreDatabase(newer, target, clock)).toThrow(/newer staykey/);
    writeFileSync(join(root, "junk.db"), "not a database at all, just text ".repeat(200));
    expect(() => restoreDatabase(join(root, "junk.db"), target, clock)).toThrow(/cannot be opened|not a usable|damaged/);

    const good = join(root, "good.db");
    const again = openDatabase(join(root, "source.db"));
    await backupDatabase(again.$client, good);
    again.$client.close();
    expect(restoreDatabase(good, target, clock)).toMatchObject({ database: target, previous: null });
    const second = restoreDatabase(good, target, clock);
    expect(second.previous).toMatch(/staykey\.db\.before-restore-/);
    expect(readdirSync(join(root, "restored"))).toContain(second.previous!.split("/").pop());
  });
});
