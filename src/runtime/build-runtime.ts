import { coreDepsFromEnv } from "./core-deps";
import { createJobQueue } from "../jobs/create-job-queue";
import { startWalCheckpointer } from "../db/wal-checkpointer";
import type { JobHandlers } from "../jobs/port";
import { createReconciler, type Reconciler } from "../jobs/reconciler";
import { parseAllowList } from "../lib/net/address-policy";
import { createFeedReaderPool, defaultReaderThreads } from "../services/calendar/reader/feed-reader-pool";
import type { Config } from "../config";
import { createSimulatedLockStore } from "../providers/locks/simulated";
import { MatterFabrics } from "../providers/locks/matter/matter-fabrics";
import { matterFabricStore } from "../services/locks/matter-fabric-store";
import type { ServiceDeps } from "../services/deps";
import { withServiceEvents } from "./event-handlers";
import { createLockProviderResolver } from "./lock-providers";
import { messagingFromConfig } from "./messaging";
import { jobProcessors } from "./processors";
import { reconcileSourcesFor } from "./reconcile-sources";

export interface Runtime {
  deps: ServiceDeps;
  handlers: JobHandlers;
  /** The reconciler over every capability's sources: `serve` with Redis runs one pass at start. */
  reconciler: Reconciler;
  close(): Promise<void>;
}

/**
 * The one composition root: the server, every worker process and CLI commands that run jobs build their deps here,
 * so they agree on providers, event handlers and processors.
 */
export function buildRuntime(
  env: Record<string, string | undefined>,
  opts: {
    logLevel?: string;
    logDestination?: NodeJS.WritableStream;
    /**
     * Whether this process may drive Matter fabrics. One process per install does (`serve`): a fabric driven by two
     * controllers with the same node id at once fights over its sessions and subscriptions, and each would write its
     * own fabric state back to the row. `staykey worker` processes build their runtime without.
     */
    matterControllers?: boolean;
  } = {},
): Runtime {
  const core = coreDepsFromEnv(env, opts);
  // Checkpoints off the event loop, so no sync or request pays for one inside its commit.
  const checkpointer = startWalCheckpointer(core.db.$client, {
    onError: (message) => core.logger.warn({ err: message }, "WAL checkpoint thread failed; the database checkpoints on commit again"),
  });
  const jobs = createJobQueue({ config: core.config, db: core.db, clock: core.clock, log: core.logger });
  const simulated = createSimulatedLockStore();
  // Matter controllers start on first use (a pairing, a Matter lock's call) and stop with the runtime.
  const matter = opts.matterControllers === false ? undefined : new MatterFabrics({ store: matterFabricStore(core) });
  const deps: ServiceDeps = withServiceEvents({
    ...core,
    jobs,
    feedFetch: { allowList: parseAllowList(core.config.STAYKEY_FEED_ALLOW_HOSTS) },
    ...feedReaderFor(core.config, core.logger),
    lockProvider: createLockProviderResolver(core, simulated, matter ? { matter } : {}),
    ...(matter ? { matter } : {}),
    messaging: messagingFromConfig(core.config),
  });
  const reconciler = createReconciler({ db: core.db, queue: jobs, sources: reconcileSourcesFor(core.config), clock: core.clock, log: core.logger });
  return {
    deps,
    handlers: jobProcessors(deps, reconciler),
    reconciler,
    async close() {
      await jobs.stop();
      await matter?.close();
      await deps.feedReader?.close();
      await checkpointer.stop();
      core.db.$client.close();
    },
  };
}

/** Feed reader threads (started on first sync): STAYKEY_PARSE_THREADS, else one less than the cores (at most 4). */
function feedReaderFor(config: Config, logger: ServiceDeps["logger"]): Pick<ServiceDeps, "feedReader"> {
  const threads = config.STAYKEY_PARSE_THREADS ?? defaultReaderThreads();
  return threads > 0 ? { feedReader: createFeedReaderPool({ threads, logger }) } : {};
}
