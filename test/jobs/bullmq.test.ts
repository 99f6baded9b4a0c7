import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../../src/db/client";
import { BullmqJobQueue } from "../../src/jobs/bullmq/bullmq-queue";
import { newId } from "../../src/lib/ids";
import { startRedisServer, type RedisPeer } from "../peers/redis-server";
import { contractDefinitions, contractQueueConfigs, Recorder } from "./contract-jobs";
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

// Last in the file: it restarts the shared redis-server.
describe("BullMQ schedules when Redis loses its data", () => {
  it("a producer puts its schedule back after FLUSHALL and after Redis restarts empty, and a worker runs it at once each time", async () => {
    const make = (scheduleCheckMs?: number) =>
      new BullmqJobQueue({ url: redis.url, definitions: contractDefinitions, queueConfigs: contractQueueConfigs, scheduleCheckMs });
    // The producer only enqueues, like `serve`; the worker never upserts the schedule, so only the producer can restore it.
    const producer = make(200);
    const worker = make();
    const rec = new Recorder();
    const runId = newId("job");
    const runs = () => rec.callsFor(runId).length;
    const waitForRuns = async (n: number) => {
      const deadline = Date.now() + 15_000;
      while (runs() < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(runs()).toBe(n);
    };
    try {
      await worker.start(rec.handlers(), { queues: ["contract"] });
      // An hour apart: every run after the first can only come from a restored schedule firing at once.
      await producer.upsertSchedule("hourly", "contract.record", { runId }, { everyMs: 3_600_000 });
      await waitForRuns(1);

      await redis.flushAll();
      await waitForRuns(2);

      await redis.stop();
      await redis.restart();
      await waitForRuns(3);
      // Restored once per loss, not once per check.
      await new Promise((r) => setTimeout(r, 600));
      expect(runs()).toBe(3);
    } finally {
      await producer.stop();
      await worker.stop();
    }
  });
});
