import { Redis, type RedisOptions } from "ioredis";

/**
 * ioredis settings from BullMQ's "Going to production" guide:
 * - workers block on Redis, so they must retry commands forever (`maxRetriesPerRequest: null`) and ride out a Redis
 *   restart instead of crashing;
 * - producers in a request path fail fast (`enableOfflineQueue: false`) so an API call answers 503 instead of hanging
 *   while Redis is away (the reconciler re-creates whatever could not be enqueued);
 * - reconnect with exponential backoff between 1 s and 20 s, forever.
 */
export type ConnectionRole = "worker" | "producer";

export function redisOptionsFor(role: ConnectionRole): RedisOptions {
  return {
    maxRetriesPerRequest: role === "worker" ? null : 20,
    enableOfflineQueue: role === "worker",
    retryStrategy: (times: number) => Math.max(Math.min(Math.exp(times), 20_000), 1_000),
    connectionName: `staykey-${role}`,
  };
}

export function connectRedis(url: string, role: ConnectionRole): Redis {
  return new Redis(url, redisOptionsFor(role));
}

const pendingReady = new WeakMap<Redis, Promise<void>>();

/**
 * Producers refuse commands until connected; wait once so the first enqueue after start does not fail. Callers that
 * arrive while the connection is still coming up share one wait (one listener, one timer): a burst of enqueues at start
 * (200 in flight in bench/jobs) added a listener each, past Node's limit of 16.
 */
export function whenReady(redis: Redis, timeoutMs = 10_000): Promise<void> {
  if (redis.status === "ready") return Promise.resolve();
  let wait = pendingReady.get(redis);
  if (!wait) {
    wait = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        redis.off("ready", onReady);
        reject(new Error(`redis not ready after ${timeoutMs} ms`));
      }, timeoutMs);
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      redis.once("ready", onReady);
    }).finally(() => pendingReady.delete(redis));
    pendingReady.set(redis, wait);
  }
  return wait;
}
