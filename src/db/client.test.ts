import { describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "./client";

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
});
