import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { inSharedTransaction } from "./group-commit";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function setup() {
  const db = openDatabase(":memory:", { migrate: false });
  db.$client.exec("CREATE TABLE t (k TEXT PRIMARY KEY)");
  const insert = db.$client.prepare("INSERT INTO t (k) VALUES (?)");
  const keys = () => (db.$client.prepare("SELECT k FROM t ORDER BY k").all() as Array<{ k: string }>).map((r) => r.k);
  return { db, insert, keys };
}

/** A database file plus a second connection to it, which sees only what has been committed. */
function onDisk() {
  const dir = mkdtempSync(join(tmpdir(), "staykey-group-commit-"));
  const db = openDatabase(join(dir, "t.db"), { migrate: false });
  db.$client.exec("CREATE TABLE t (k TEXT PRIMARY KEY)");
  const observer = new Database(join(dir, "t.db"), { readonly: true });
  cleanups.push(() => {
    observer.close();
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const insert = db.$client.prepare("INSERT INTO t (k) VALUES (?)");
  const committed = () => (observer.prepare("SELECT count(*) AS n FROM t").get() as { n: number }).n;
  return { db, insert, committed };
}

describe("inSharedTransaction", () => {
  it("commits the work of callers in the same turn together, each resolving with its own result", async () => {
    const { db, insert, committed } = onDisk();
    const seenCommitted: number[] = [];
    const results = await Promise.all(
      ["a", "b", "c"].map((k) =>
        inSharedTransaction(db, () => {
          // Another connection sees none of the earlier callers' rows yet: one commit for all three, not three.
          seenCommitted.push(committed());
          insert.run(k);
          return k;
        }),
      ),
    );
    expect(results).toEqual(["a", "b", "c"]);
    expect(seenCommitted).toEqual([0, 0, 0]);
    expect(committed()).toBe(3);
  });

  it("rolls back and rejects only the caller whose work threw", async () => {
    const { db, insert, keys } = setup();
    const outcomes = await Promise.allSettled([
      inSharedTransaction(db, () => insert.run("a")),
      inSharedTransaction(db, () => {
        insert.run("b");
        insert.run("a"); // duplicate key: this caller's "b" must go too
      }),
      inSharedTransaction(db, () => insert.run("c")),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(keys()).toEqual(["a", "c"]);
  });

  it("waits for another connection's write lock instead of failing when its work reads before it writes", async () => {
    const { db, insert, committed } = onDisk();
    // Another connection (the WAL checkpointer's thread, a worker process) holds the write lock for a moment.
    const holder = new Worker(
      `const { parentPort, workerData } = require("node:worker_threads");
       const db = new (require(workerData.driver))(workerData.file);
       db.exec("BEGIN IMMEDIATE");
       parentPort.postMessage("locked");
       Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
       db.exec("INSERT INTO t (k) VALUES ('other'); COMMIT");
       db.close();`,
      { eval: true, workerData: { file: db.$client.name, driver: createRequire(import.meta.url).resolve("better-sqlite3") } },
    );
    const exited = new Promise((resolve) => holder.once("exit", resolve));
    await new Promise((resolve) => holder.once("message", resolve));
    // Reads first, as a sync does (its feed's state and stays), then writes: the lock must be waited for at BEGIN.
    const written = inSharedTransaction(db, () => {
      committed();
      db.$client.prepare("SELECT count(*) FROM t").get();
      insert.run("mine");
      return "mine";
    });
    await expect(written).resolves.toBe("mine");
    await exited;
    expect(committed()).toBe(2);
  });

  it("starts a new batch after a commit, so a later caller is not held back", async () => {
    const { db, insert, keys } = setup();
    await inSharedTransaction(db, () => insert.run("a"));
    expect(keys()).toEqual(["a"]);
    await inSharedTransaction(db, () => insert.run("b"));
    expect(keys()).toEqual(["a", "b"]);
  });
});
