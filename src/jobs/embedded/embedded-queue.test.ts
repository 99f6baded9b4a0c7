import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../../db/client";
import { newId } from "../../lib/ids";
import { defineJob, recordId } from "../definitions";
import type { JobHandlers } from "../port";
import { EmbeddedJobQueue } from "./embedded-queue";

const definitions = {
  "test.long": defineJob({ name: "test.long", queue: "test", payload: { runId: recordId() }, attempts: 3, backoffMs: 100 }),
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let db: Db;
const open: EmbeddedJobQueue<typeof definitions>[] = [];
const make = (opts: { leaseMs: number; stopGraceMs?: number }) => {
  const q = new EmbeddedJobQueue({ db, definitions, queueConfigs: { test: { concurrency: 1 } }, ...opts });
  open.push(q);
  return q;
};
afterEach(async () => {
  for (const q of open.splice(0)) await q.stop();
});

describe("embedded job queue", () => {
  it("renews the lease of a long job so a second runner never starts it again", async () => {
    db = openDatabase(":memory:");
    const starts: number[] = [];
    const handlers: JobHandlers<typeof definitions> = {
      "test.long": async () => {
        starts.push(Date.now());
        await sleep(900);
      },
    };
    const a = make({ leaseMs: 300 });
    const b = make({ leaseMs: 300 });
    await a.enqueue("test.long", { runId: newId("job") });
    await a.start(handlers);
    await b.start(handlers);
    await sleep(1_100);
    expect(starts).toHaveLength(1);
    expect((await a.stats())["test"]).toMatchObject({ completed: 1, active: 0 });
  });

  it("hands a job that outlives the shutdown grace back to the queue instead of losing it", async () => {
    db = openDatabase(":memory:");
    let runs = 0;
    const handlers: JobHandlers<typeof definitions> = {
      "test.long": async (_p, ctx) => {
        runs++;
        if (runs === 1) await new Promise((r) => ctx.signal.addEventListener("abort", r));
      },
    };
    const first = make({ leaseMs: 30_000, stopGraceMs: 100 });
    await first.enqueue("test.long", { runId: newId("job") });
    await first.start(handlers);
    await sleep(50);
    await first.stop();
    expect((await first.stats())["test"]).toMatchObject({ waiting: 1, active: 0 });
    const second = make({ leaseMs: 30_000 });
    await second.start(handlers);
    await sleep(100);
    expect(runs).toBe(2);
    expect((await second.stats())["test"]).toMatchObject({ completed: 1 });
  });

  it("writes a batch inside the caller's SQLite transaction, before its promise settles, and rolls back with it", async () => {
    db = openDatabase(":memory:");
    const q = make({ leaseMs: 30_000 });
    const batch = Array.from({ length: 70 }, () => ({ payload: { runId: newId("job") } }));
    const count = () => (db.$client.prepare("SELECT count(*) FROM jobs").pluck().get() as number);
    const seenInside: number[] = [];
    const rolledBack = db.$client.transaction(() => {
      void q.enqueueMany("test.long", batch);
      seenInside.push(count());
      throw new Error("sync failed");
    });
    expect(rolledBack).toThrow("sync failed");
    expect(seenInside).toEqual([70]);
    expect(count()).toBe(0);

    let results: Promise<unknown> | undefined;
    db.$client.transaction(() => {
      results = q.enqueueMany("test.long", batch);
    })();
    expect(count()).toBe(70);
    expect(await results).toHaveLength(70);
  });

  it("sleeps no longer than Node's timers can hold when the next job is months away", async () => {
    db = openDatabase(":memory:");
    const overflows: string[] = [];
    const onWarning = (w: Error) => void (w.name === "TimeoutOverflowWarning" && overflows.push(w.message));
    process.on("warning", onWarning);
    try {
      const q = make({ leaseMs: 30_000 });
      // 101 days: past the 2^31-1 ms a Node timer can hold (~24.8 days).
      const farAway = new Date(Date.now() + 101 * 24 * 3600_000);
      const handlers: JobHandlers<typeof definitions> = {
        "test.long": async () => void (await q.enqueue("test.long", { runId: newId("job") }, { runAt: farAway })),
      };
      await q.enqueue("test.long", { runId: newId("job") });
      await q.start(handlers);
      for (let i = 0; i < 100 && (await q.stats())["test"]?.completed !== 1; i++) await sleep(20);
      expect((await q.stats())["test"]).toMatchObject({ completed: 1, delayed: 1 });
      await sleep(50); // process warnings are emitted on a later tick
      expect(overflows).toEqual([]);
    } finally {
      process.off("warning", onWarning);
    }
  });

  it("rides out a database locked by another connection past busy_timeout instead of crashing the process", async () => {
    const dir = mkdtempSync(join(tmpdir(), "staykey-busy-"));
    try {
      db = openDatabase(join(dir, "staykey.db"));
      db.$client.pragma("busy_timeout = 50");
      const ran: string[] = [];
      const q = make({ leaseMs: 30_000 });
      await q.start({ "test.long": async (p) => void ran.push(p.runId) });
      const runId = newId("job");
      await q.enqueue("test.long", { runId }, { runAt: new Date(Date.now() + 300) });
      // Another process (a sync, the CLI) holds the write lock while the job comes due: the claim fails with
      // SQLITE_BUSY, which used to be thrown from the runner's timer as an uncaught exception.
      const other = new Database(join(dir, "staykey.db"));
      other.exec("BEGIN IMMEDIATE");
      await sleep(1_200);
      expect(ran).toEqual([]);
      other.exec("COMMIT");
      other.close();
      const deadline = Date.now() + 5_000;
      while (ran.length === 0 && Date.now() < deadline) await sleep(50);
      expect(ran).toEqual([runId]);
      await q.stop();
      expect((await q.stats())["test"]).toMatchObject({ completed: 1, active: 0, waiting: 0 });
    } finally {
      db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
