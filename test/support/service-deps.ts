import { EmbeddedJobQueue } from "../../src/jobs/embedded/embedded-queue";
import type { ManualClock } from "../../src/lib/clock";
import { parseAllowList } from "../../src/lib/net/address-policy";
import { SimulatedLockProvider } from "../../src/providers/locks/simulated";
import type { ServiceDeps } from "../../src/services/deps";
import { testDeps } from "./test-deps";

export interface TestServiceDepsOptions {
  now?: string;
  env?: Record<string, string>;
  /** `STAYKEY_FEED_ALLOW_HOSTS` syntax; default "127.0.0.1" so the loopback feed server is reachable. "" allows nothing. */
  allowHosts?: string;
  /** Overrides for the feed fetch (short timeouts, an injected resolver). */
  feedFetch?: Partial<ServiceDeps["feedFetch"]>;
}

/**
 * ServiceDeps on real-but-local parts: in-memory SQLite, the real embedded job driver on that same database
 * (never started, so tests read what was enqueued from the `jobs` table), a simulated lock provider, no SMS/email.
 */
export function testServiceDeps(opts: TestServiceDepsOptions = {}): ServiceDeps & { clock: ManualClock; jobs: EmbeddedJobQueue } {
  const core = testDeps({ now: opts.now, env: opts.env });
  const locks = new SimulatedLockProvider({ clock: core.clock });
  return {
    ...core,
    jobs: new EmbeddedJobQueue({ db: core.db, clock: core.clock }),
    feedFetch: { allowList: parseAllowList(opts.allowHosts ?? "127.0.0.1"), timeoutMs: 2_000, connectTimeoutMs: 1_000, ...opts.feedFetch },
    lockProvider: () => locks,
    messaging: { sms: null, email: null },
  };
}
