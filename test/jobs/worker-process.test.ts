import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { workerCommand } from "../../src/cli/worker";
import { jobsCommand } from "../../src/cli/jobs";
import { openDatabase } from "../../src/db/client";
import { stays } from "../../src/db/schema";
import { systemClock } from "../../src/lib/clock";
import { createSecretBox, loadOrCreateSecret } from "../../src/lib/crypto";
import { startFeedServer } from "../peers/feed-server";
import { startRedisServer, type RedisPeer } from "../peers/redis-server";
import { testWorld } from "../support/world";
import { airbnbCalendar, airbnbUid } from "../sync/calendars";

let redis: RedisPeer;
const dataDir = mkdtempSync(join(tmpdir(), "staykey-worker-"));
const workers: ChildProcess[] = [];
/** Everything the workers printed, shown when an expectation fails (a slow start and a failed sync look alike). */
const workerOutput: string[] = [];

function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(resolve("node_modules/.bin/tsx"), ["workers/main.ts"], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  workers.push(child);
  let out = "";
  return new Promise((res, rej) => {
    // Two tsx processes compiling at once on a loaded 2-core machine took over 20 s; the start is not what this measures.
    const timer = setTimeout(() => rej(new Error(`worker did not start in 45 s:\n${out}`)), 45_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      workerOutput.push(b.toString());
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
    await expect(workerCommand({ flags: { queues: "calendar-sync,sms" }, json: false }, io)).rejects.toThrow(/unknown queue\(s\): sms/);
  });

  it("two workers share one Redis and one database, reconcile at start, sync a feed once, and stop cleanly on SIGTERM", async () => {
    const feedServer = await startFeedServer();
    feedServer.set("/listing.ics", { body: airbnbCalendar([{ uid: airbnbUid(1), start: "2031-03-01", end: "2031-03-04", code: "HMWORKER01" }]) });
    // The workers read the same generated secret from the data dir, so the URL sealed here is one they can open.
    const box = createSecretBox(loadOrCreateSecret(dataDir));
    const db = openDatabase(join(dataDir, "staykey.db"));
    const world = testWorld({ db, box, clock: systemClock });
    const { accountId } = await world.account({ name: "Host" });
    world.feed(world.property(accountId, { name: "Loft", timezone: "Europe/Lisbon" }).id, { url: feedServer.url("/listing.ics") });

    const env = { REDIS_URL: redis.url, STAYKEY_DATA_DIR: dataDir, STAYKEY_LOG_LEVEL: "info", STAYKEY_FEED_ALLOW_HOSTS: "127.0.0.1" };
    const [a, b] = await Promise.all([startWorker(env), startWorker(env)]);

    // The reconciler (run by both workers at start) enqueues the due sync once; one of the two workers runs it.
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: () => {}, env };
    let report: { driver: string; queues: Record<string, Record<string, number>>; failed: unknown[] } | undefined;
    // Polled for up to ~40 s: on a machine busy with the rest of the suite (Chromium, the Z-Wave driver) the start-up
    // reconcile and the sync once took longer than the 15 s this allowed before.
    const deadline = performance.now() + 40_000;
    while (performance.now() < deadline) {
      lines.length = 0;
      await jobsCommand({ flags: {}, json: true }, io);
      report = JSON.parse(lines.join("\n"));
      if (db.select().from(stays).all().length > 0 && (report!.queues["calendar-sync"]?.completed ?? 0) >= 2) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(report!.driver).toBe("bullmq");
    expect(report!.failed).toEqual([]);
    expect(db.select({ code: stays.reservationCode, checkIn: stays.checkInDate }).from(stays).all(), workerOutput.join("").slice(-4000)).toEqual([
      { code: "HMWORKER01", checkIn: "2031-03-01" },
    ]);
    expect(feedServer.requests("/listing.ics")).toHaveLength(1);
    db.$client.close();
    await feedServer.close();

    const exits = [a, b].map((w) => new Promise<number | null>((r) => w.once("exit", (code) => r(code))));
    a.kill("SIGTERM");
    b.kill("SIGTERM");
    expect(await Promise.all(exits)).toEqual([0, 0]);
  }, 150_000);
});
