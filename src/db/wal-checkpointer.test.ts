import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { startWalCheckpointer } from "./wal-checkpointer";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function database() {
  const dir = mkdtempSync(join(tmpdir(), "staykey-wal-"));
  dirs.push(dir);
  const sqlite = new Database(join(dir, "x.db"));
  sqlite.pragma("journal_mode = WAL");
  sqlite.exec("create table t (id integer primary key, body text)");
  return { sqlite, wal: join(dir, "x.db-wal") };
}

const fill = (sqlite: Database.Database, rows: number) => {
  const insert = sqlite.prepare("insert into t (body) values (?)");
  sqlite.transaction(() => {
    for (let i = 0; i < rows; i++) insert.run("x".repeat(500));
  })();
};

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = performance.now() + ms;
  while (!check()) {
    if (performance.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("the WAL checkpointer thread", () => {
  it("without checkpoints (the control), the same writes double the WAL", () => {
    const { sqlite, wal } = database();
    sqlite.pragma("wal_autocheckpoint = 0");
    fill(sqlite, 20_000);
    const first = statSync(wal).size;
    fill(sqlite, 20_000);
    expect(statSync(wal).size).toBeGreaterThan(first * 1.8);
    sqlite.close();
  });

  it("turns the connection's own checkpoints off and checkpoints every page from its thread", async () => {
    const { sqlite, wal } = database();
    let complete = false;
    const checkpointer = startWalCheckpointer(sqlite, { everyMs: 50, onCheckpoint: (r) => (complete = r.log > 2000 && r.log === r.checkpointed) });
    try {
      expect(sqlite.pragma("wal_autocheckpoint", { simple: true })).toBe(0);
      fill(sqlite, 20_000); // ~2,500 pages: past the 1,000 where a commit would checkpoint on this thread
      const first = statSync(wal).size;
      // Once the thread has checkpointed every frame, the next write starts the WAL over instead of growing it.
      await until(() => complete);
      fill(sqlite, 20_000);
      expect(statSync(wal).size).toBeLessThan(first * 1.2);
      expect((sqlite.prepare("select count(*) as n from t").get() as { n: number }).n).toBe(40_000);
    } finally {
      await checkpointer.stop();
    }
    expect(sqlite.pragma("wal_autocheckpoint", { simple: true })).toBe(1000);
    sqlite.close();
  });

  it("truncates a large WAL once it is checkpointed and idle", async () => {
    const { sqlite, wal } = database();
    const checkpointer = startWalCheckpointer(sqlite, { everyMs: 50 });
    try {
      fill(sqlite, 150_000); // ~19,000 pages, past the 16,384 at which the thread truncates an idle WAL
      expect(statSync(wal).size).toBeGreaterThan(16_384 * 4096);
      await until(() => statSync(wal).size === 0, 20_000);
    } finally {
      await checkpointer.stop();
      sqlite.close();
    }
  });

  it("starts nothing for an in-memory database", async () => {
    const sqlite = new Database(":memory:");
    const checkpointer = startWalCheckpointer(sqlite);
    expect(sqlite.pragma("wal_autocheckpoint", { simple: true })).toBe(1000);
    await checkpointer.stop();
    sqlite.close();
  });
});

describe("stopping the checkpointer", () => {
  it("holds a process that has nothing else to do until the thread is gone, then lets it end", () => {
    const { sqlite } = database();
    const file = sqlite.name;
    sqlite.close();
    const module = fileURLToPath(new URL("./wal-checkpointer.ts", import.meta.url));
    const script = [
      `import Database from "better-sqlite3";`,
      `import { startWalCheckpointer } from ${JSON.stringify(module)};`,
      `const db = new Database(${JSON.stringify(file)});`,
      `const checkpointer = startWalCheckpointer(db);`,
      `await checkpointer.stop();`,
      `db.close();`,
      `console.log("stopped");`,
    ].join("\n");
    const res = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8", cwd: process.cwd(), timeout: 30_000 });
    // Exit code 13 is Node's "top-level await never settled": the thread and its timer were both unref'd.
    expect({ status: res.status, out: res.stdout.trim() }).toEqual({ status: 0, out: "stopped" });
  });
});
