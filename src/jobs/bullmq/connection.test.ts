import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRedisServer, type RedisPeer } from "../../../test/peers/redis-server";
import { connectRedis, whenReady } from "./connection";

let redis: RedisPeer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

describe("whenReady", () => {
  it("lets every caller that arrives while the connection comes up share one wait, one ready listener", async () => {
    const producer = connectRedis(redis.url, "producer");
    try {
      expect(producer.status).not.toBe("ready");
      const before = producer.listenerCount("ready");
      const waits = Array.from({ length: 200 }, () => whenReady(producer));
      expect(producer.listenerCount("ready") - before).toBe(1);
      await Promise.all(waits);
      expect(producer.status).toBe("ready");
      expect(producer.listenerCount("ready")).toBe(before);
      await expect(producer.ping()).resolves.toBe("PONG");
    } finally {
      producer.disconnect();
    }
  });

  it("still gives up after its timeout, removing its listener, and a later call waits afresh", async () => {
    const unreachable = new Redis({ port: 1, lazyConnect: true, retryStrategy: () => null, enableOfflineQueue: false });
    try {
      const before = unreachable.listenerCount("ready");
      await expect(Promise.all([whenReady(unreachable, 50), whenReady(unreachable, 50)])).rejects.toThrow("redis not ready after 50 ms");
      expect(unreachable.listenerCount("ready")).toBe(before);
      await expect(whenReady(unreachable, 30)).rejects.toThrow("redis not ready after 30 ms");
    } finally {
      unreachable.disconnect();
    }
  });
});
