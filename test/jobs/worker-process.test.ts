import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { workerCommand } from "../../src/cli/worker";
import { jobsCommand } from "../../src/cli/jobs";
import { openDatabase } from "../../src/db/client";
import { accounts, feeds, properties } from "../../src/db/schema";
import { newId } from "../../src/lib/ids";
import { startRedisServer, type RedisPeer } from "../peers/redis-server";

let redis: RedisPeer;
const dataDir = mkdtempSync(join(tmpdir(), "staykey-worker-"));
const workers: ChildProcess[] = [];

function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(resolve("node_modules/.bin/tsx"), ["workers/main.ts"], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  workers.push(child);
  let out = "";
  return new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`worker did not start:\n${out}`)), 20_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      if (out.includes("worker started")) {
        clearTimeout(timer);
        res(child);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
  });
}

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  for (const w of workers) if (w.exitCode === null) w.kill("SIGKILL");
  await redis?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("worker processes", () => {
  it("refuses an unknown queue name", async () => {
    const io = { out: () => {}, err: () => {}, env: {} };
    await expect(workerCommand.run({ positionals: [], flags: { queues: "calendar-sync,sms" }, json: false }, io)).rejects.toThrow(/unknown queue\(s\): sms/);
  });

  it("two workers share one Redis and one database, reconcile at start, and stop cleanly on SIGTERM", async () => {
    const db = openDatabase(join(dataDir, "staykey.db"));
    const now = new Date();
    const [accountId, propertyId, feedId] = [newId("acct"), newId("prop"), newId("feed")];
    db.insert(accounts).values({ id: accountId, name: "Host", createdAt: now }).run();
    db.insert(properties).values({ id: propertyId, accountId, name: "Loft", timezone: "Europe/Lisbon", createdAt: now, updatedAt: now }).run();
    db.insert(feeds).values({ id: feedId, accountId, propertyId, urlEnc: "x", urlHash: "h", urlRedacted: "https://…", nextSyncAt: now, createdAt: now, updatedAt: now }).run();
    db.$client.close();

    const env = { REDIS_URL: redis.url, STAYKEY_DATA_DIR: dataDir, STAYKEY_LOG_LEVEL: "info" };
    const [a, b] = await Promise.all([startWorker(env), startWorker(env)]);

    // No sync-feed processor is wired in this build: the reconciler's job must show up failed with that reason.
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: () => {}, env };
    let report: { driver: string; queues: Record<string, Record<string, number>>; failed: { name: string; payload: unknown; error: string }[] } | undefined;
    for (let i = 0; i < 50; i++) {
      lines.length = 0;
      await jobsCommand.run({ positionals: [], flags: {}, json: true }, io);
      report = JSON.parse(lines.join("\n"));
      if (report!.failed.length > 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(report!.driver).toBe("bullmq");
    expect(report!.failed).toEqual([
      expect.objectContaining({ name: "calendar-sync.sync-feed", payload: { feedId }, error: expect.stringMatching(/no processor is wired/) }),
    ]);
    expect(report!.queues["calendar-sync"]).toMatchObject({ completed: 1, delayed: 1, failed: 1 });

    const exits = [a, b].map((w) => new Promise<number | null>((r) => w.once("exit", (code) => r(code))));
    a.kill("SIGTERM");
    b.kill("SIGTERM");
    expect(await Promise.all(exits)).toEqual([0, 0]);
  });
});
