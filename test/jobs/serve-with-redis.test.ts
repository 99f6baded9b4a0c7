import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runServer } from "../../src/cli/run-server";
import { openDatabase } from "../../src/db/client";
import { BullmqJobQueue } from "../../src/jobs/bullmq/bullmq-queue";
import { systemClock } from "../../src/lib/clock";
import { createSecretBox, loadOrCreateSecret } from "../../src/lib/crypto";
import { buildRuntime } from "../../src/runtime/build-runtime";
import { startRedisServer, type RedisPeer } from "../peers/redis-server";
import { testWorld } from "../support/world";

let redis: RedisPeer;
const dataDir = mkdtempSync(join(tmpdir(), "staykey-serve-redis-"));
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("serve with Redis", () => {
  it("reconciles at start: a database with due work and an empty Redis gets its jobs and the reconcile schedule back, no worker needed", async () => {
    const db = openDatabase(join(dataDir, "staykey.db"));
    // Sealed with the data dir's secret, which serve reads next; real time, as Redis keeps it.
    const world = testWorld({ db, box: createSecretBox(loadOrCreateSecret(dataDir)), clock: systemClock });
    const { accountId } = await world.account({ name: "Host" });
    // A message the database says is due, whose job Redis lost.
    world.message(accountId, { channel: "email", recipient: "guest@example.com", sendAt: new Date() });
    db.$client.close();

    const runtime = buildRuntime({ REDIS_URL: redis.url, STAYKEY_DATA_DIR: dataDir, STAYKEY_PARSE_THREADS: "0" }, { logLevel: "silent" });
    const running = await runServer(runtime, { port: 0, host: "127.0.0.1" });
    const reader = new BullmqJobQueue({ url: redis.url });
    try {
      const stats = await reader.stats();
      expect(stats["messages"]).toMatchObject({ waiting: 1 });
      // The reconcile schedule's first run, waiting for a worker.
      expect(stats["calendar-sync"]).toMatchObject({ waiting: 1 });
    } finally {
      await reader.stop();
      await running.stop();
    }
  });
});
