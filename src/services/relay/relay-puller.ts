import { backoffDelay } from "../../lib/backoff";
import type { Clock } from "../../lib/clock";
import type { Logger } from "../../lib/logger";
import { createRelayClient, type RelayClient } from "./relay-client";
import { RelayDispatchError, type RelayEvent } from "./relay-event";
import { RecentIds } from "./recent-ids";

export interface RelayPullerOptions {
  relayUrl: string;
  token: string;
  /** Feeds one event to the app's own webhook handlers; resolves when it was processed (see RelayDispatchError). */
  dispatch: (event: RelayEvent) => Promise<void>;
  clock: Clock;
  logger: Logger;
  fetch?: typeof fetch;
  /** Long-poll length; every pull is also the heartbeat the relay's watchdog watches. */
  waitSeconds?: number;
  /** Upcoming check-in instants, sent with each pull so an outage text can warn about them. */
  nextCheckIns?: () => Promise<readonly Date[]> | readonly Date[];
  backoff?: { initialMs: number; maxMs: number };
}

export interface RelayPullerStatus {
  running: boolean;
  lastPullAt: Date | undefined;
  consecutiveFailures: number;
  cursor: number;
}

export interface RelayPuller {
  start(): void;
  stop(): Promise<void>;
  /** One pull → dispatch → ack cycle; the loop is this plus backoff. */
  pullOnce(signal?: AbortSignal, waitSeconds?: number): Promise<{ dispatched: number; skipped: number }>;
  status(): RelayPullerStatus;
}

/**
 * Pulls held webhooks from the edge relay over an outbound connection (home needs no public address),
 * dispatches each once, and acknowledges only what was dispatched. Delivery is at-least-once: a lost ack
 * means a redelivery, which the id memory here skips and the webhook routes' own event-id dedupe absorbs
 * after a restart. A failed dispatch stops the batch so later events wait behind it, in order.
 */
export function createRelayPuller(options: RelayPullerOptions): RelayPuller {
  const client: RelayClient = createRelayClient(options);
  const waitSeconds = options.waitSeconds ?? 25;
  const backoff = options.backoff ?? { initialMs: 1_000, maxMs: 60_000 };
  const seen = new RecentIds();
  const unacked = new Set<string>();
  let cursor = 0;
  let lastPullAt: Date | undefined;
  let failures = 0;
  let controller: AbortController | undefined;
  let loop: Promise<void> | undefined;

  async function pullOnce(signal?: AbortSignal, wait = waitSeconds) {
    // Acks that failed last time go first, so the relay can forget those events before anything new.
    await flushAcks(signal);
    const nextCheckIns = options.nextCheckIns ? await options.nextCheckIns() : undefined;
    const page = await client.pull({ after: cursor, waitSeconds: wait, nextCheckIns, signal });
    lastPullAt = options.clock.now();
    let dispatched = 0;
    let skipped = 0;
    for (const event of page.events) {
      if (signal?.aborted) break;
      if (seen.has(event.id)) skipped += 1;
      else {
        await dispatchOne(event);
        dispatched += 1;
      }
      seen.add(event.id);
      unacked.add(event.id);
      cursor = event.seq;
    }
    await flushAcks(signal);
    return { dispatched, skipped };
  }

  async function dispatchOne(event: RelayEvent): Promise<void> {
    const context = { relayEventId: event.id, source: event.source, seq: event.seq };
    try {
      await options.dispatch(event);
      options.logger.debug(context, "relayed webhook dispatched");
    } catch (err) {
      if (err instanceof RelayDispatchError && err.permanent) {
        options.logger.warn({ ...context, reason: err.message }, "relayed webhook refused by the app; acknowledging it");
        return;
      }
      throw err;
    }
  }

  async function flushAcks(signal?: AbortSignal): Promise<void> {
    if (unacked.size === 0) return;
    const ids = [...unacked];
    await client.ack(ids, signal);
    for (const id of ids) unacked.delete(id);
  }

  async function run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await pullOnce(signal);
        failures = 0;
      } catch (err) {
        if (signal.aborted) break;
        failures += 1;
        const delay = backoffDelay(failures, backoff.initialMs, backoff.maxMs);
        options.logger.warn({ err: { name: (err as Error).name, message: (err as Error).message }, failures, retryInMs: delay }, "relay pull failed");
        await sleep(delay, signal);
      }
    }
  }

  return {
    start() {
      if (loop) return;
      controller = new AbortController();
      loop = run(controller.signal);
      options.logger.info({ waitSeconds }, "relay puller started");
    },
    async stop() {
      controller?.abort();
      await loop;
      loop = undefined;
      controller = undefined;
    },
    pullOnce,
    status: () => ({ running: loop !== undefined, lastPullAt, consecutiveFailures: failures, cursor }),
  };
}

/** Exponential with jitter (lib/backoff), so a relay coming back is not hit by every retry at once. */
export { backoffDelay };

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}
