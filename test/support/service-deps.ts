import { EmbeddedJobQueue } from "../../src/jobs/embedded/embedded-queue";
import type { JobQueue } from "../../src/jobs/port";
import type { ManualClock } from "../../src/lib/clock";
import { parseAllowList } from "../../src/lib/net/address-policy";
import type { Resolver } from "../../src/lib/net/guarded-lookup";
import { SimulatedLockProvider } from "../../src/providers/locks/simulated";
import { withServiceEvents } from "../../src/runtime/event-handlers";
import type { ServiceDeps } from "../../src/services/deps";
import { testDeps } from "./test-deps";

export interface TestServiceDepsOptions {
  now?: string;
  env?: Record<string, string>;
  /** `STAYKEY_FEED_ALLOW_HOSTS` syntax; default "127.0.0.1" so the loopback feed server is reachable. "" allows nothing. */
  allowHosts?: string;
  /** Overrides for the feed fetch (short timeouts, an injected resolver). */
  feedFetch?: Partial<ServiceDeps["feedFetch"]>;
  /** Another job driver (a BullMQ queue on a test redis-server) in place of the embedded one on the same database. */
  jobs?: (core: ReturnType<typeof testDeps>) => JobQueue;
}

/**
 * Tests never reach the internet: a feed at a public name (an API test's `https://example.com/…`, whose first sync
 * runs in the request) fails to resolve at once. Loopback feed servers are reached by address, without DNS.
 */
const offline: Resolver = async () => {
  throw Object.assign(new Error("tests resolve no names"), { code: "ENOTFOUND" });
};

/**
 * ServiceDeps on real-but-local parts: in-memory SQLite, the real embedded job driver on that same database
 * (never started, so tests read what was enqueued from the `jobs` table), a simulated lock provider, no SMS/email,
 * and the real event handlers (a stay changed through the API enqueues its plan job, as in production).
 */
export function testServiceDeps(opts: TestServiceDepsOptions & { jobs: NonNullable<TestServiceDepsOptions["jobs"]> }): ServiceDeps & { clock: ManualClock };
export function testServiceDeps(opts?: TestServiceDepsOptions): ServiceDeps & { clock: ManualClock; jobs: EmbeddedJobQueue };
export function testServiceDeps(opts: TestServiceDepsOptions = {}): ServiceDeps & { clock: ManualClock; jobs: EmbeddedJobQueue } {
  const core = testDeps({ now: opts.now, env: opts.env });
  const locks = new SimulatedLockProvider({ clock: core.clock });
  return withServiceEvents({
    ...core,
    jobs: (opts.jobs?.(core) ?? new EmbeddedJobQueue({ db: core.db, clock: core.clock })) as EmbeddedJobQueue,
    feedFetch: { allowList: parseAllowList(opts.allowHosts ?? "127.0.0.1"), timeoutMs: 2_000, connectTimeoutMs: 1_000, resolver: offline, ...opts.feedFetch },
    lockProvider: () => locks,
    messaging: { sms: null, email: null },
  });
}
