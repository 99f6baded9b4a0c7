import { describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { existsSync, mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "./client";

const modeOf = (file: string) => (statSync(file).mode & 0o777).toString(8);

describe("openDatabase", () => {
  it("applies migrations and turns on WAL and foreign keys", () => {
    const dir = mkdtempSync(join(tmpdir(), "staykey-db-"));
    const db = openDatabase(join(dir, "staykey.db"));
    expect(db.$client.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.$client.pragma("foreign_keys", { simple: true })).toBe(1);
    const tables = db.$client.prepare("select name from sqlite_master where type='table'").all() as { name: string }[];
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(["accounts", "stays", "access_codes", "jobs"]));
    db.$client.close();
  });

  it("refuses a row that points at a missing parent", () => {
    const db = openDatabase(":memory:");
    expect(() =>
      db.$client
        .prepare("insert into users (id, account_id, email, role, created_at) values ('u', 'missing', 'a@b.c', 'owner', 0)")
        .run(),
    ).toThrow(/FOREIGN KEY/);
  });

  it("creates the database and its -wal and -shm readable by the owner only, like secret.key", () => {
    const file = join(mkdtempSync(join(tmpdir(), "staykey-db-")), "staykey.db");
    const previous = process.umask(0o022);
    try {
      const db = openDatabase(file);
      db.$client.prepare("insert into accounts (id, name, created_at) values ('a', 'A', 0)").run();
      expect(existsSync(`${file}-wal`)).toBe(true);
      expect([file, `${file}-wal`, `${file}-shm`].map(modeOf)).toEqual(["600", "600", "600"]);
      db.$client.close();
    } finally {
      process.umask(previous);
    }
  });

  it("tightens a database and -wal/-shm an earlier version left readable by everyone", () => {
    const file = join(mkdtempSync(join(tmpdir(), "staykey-db-")), "staykey.db");
    const previous = process.umask(0o022);
    try {
      const old = new Database(file);
      old.pragma("journal_mode = WAL");
      old.prepare("create table t (x)").run();
      expect([file, `${file}-wal`, `${file}-shm`].map(modeOf)).toEqual(["644", "644", "644"]);
      const db = openDatabase(file);
      expect([file, `${file}-wal`, `${file}-shm`].map(modeOf)).toEqual(["600", "600", "600"]);
      db.$client.close();
      old.close();
    } finally {
      process.umask(previous);
    }
  });
});
