import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BullmqJobQueue } from "../../src/jobs/bullmq/bullmq-queue";
import { scheduleReconciler } from "../../src/jobs/reconciler";
import { startRedisServer, type RedisPeer } from "../peers/redis-server";

let redis: RedisPeer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

describe("readiness of the BullMQ queue", () => {
  it("is ready with Redis up and the reconcile schedule in it, names the missing schedule after FLUSHALL, and Redis when it is gone", async () => {
    // A long check interval: the keeper must not put the schedule back before this test looks.
    const queue = new BullmqJobQueue({ url: redis.url, scheduleCheckMs: 60_000 });
    try {
      await scheduleReconciler(queue);
      expect(await queue.health()).toEqual({ ok: true });

      await redis.flushAll();
      const flushed = await queue.health();
      expect(flushed).toMatchObject({ ok: false, check: "schedules" });
      expect(flushed.ok === false && flushed.detail).toContain("reconcile");

      await redis.stop();
      const started = Date.now();
      const gone = await queue.health();
      expect(gone).toMatchObject({ ok: false, check: "redis" });
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await redis.restart();
      await queue.stop();
    }
  });
});
