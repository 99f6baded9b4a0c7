import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runServer } from "../../src/cli/run-server";
import { openDatabase } from "../../src/db/client";
import { accounts, messages } from "../../src/db/schema";
import { BullmqJobQueue } from "../../src/jobs/bullmq/bullmq-queue";
import { newId } from "../../src/lib/ids";
import { buildRuntime } from "../../src/runtime/build-runtime";
import { startRedisServer, type RedisPeer } from "../peers/redis-server";

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
    const now = new Date();
    const accountId = newId("acct");
    const messageId = newId("msg");
    db.insert(accounts).values({ id: accountId, name: "Host", createdAt: now }).run();
    // A message the database says is due, whose job Redis lost.
    db.insert(messages).values({ id: messageId, accountId, channel: "email", provider: "outbox", recipientEnc: "x", purpose: "guest_code", bodyEnc: "x", idempotencyKey: messageId, sendAt: now, createdAt: now, updatedAt: now }).run();
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
