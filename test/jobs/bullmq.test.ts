import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { openDatabase, type Db } from "../../src/db/client";
import { BullmqJobQueue } from "../../src/jobs/bullmq/bullmq-queue";
import { startRedisServer, type RedisPeer } from "../peers/redis-server";
import { contractDefinitions, contractQueueConfigs } from "./contract-jobs";
import { jobQueueContract } from "./contract";

let redis: RedisPeer;
const dir = mkdtempSync(join(tmpdir(), "staykey-jobs-"));
const db: Db = openDatabase(join(dir, "staykey.db"));
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

jobQueueContract("bullmq", {
  db: () => db,
  create: (opts) =>
    new BullmqJobQueue({
      url: redis.url,
      definitions: contractDefinitions,
      queueConfigs: contractQueueConfigs,
      // The dead worker's lock lapses after lockDuration; the survivor's stalled check then re-queues the job.
      lockDurationMs: opts?.fastFailover ? 800 : 30_000,
      stalledIntervalMs: opts?.fastFailover ? 300 : 30_000,
    }),
  wipe: () => redis.flushAll(),
});
