import { startJobs, startProducing } from "../jobs/runtime";
import type { Runtime } from "../runtime/build-runtime";
import { startHttpServer, type RunningServer } from "../server";
import { createApp, createMetricsApp, type AppOptions } from "../app";
import { dispatchToApp, relayPullerFromConfig, upcomingCheckIns } from "../services/relay";
import { startProcessHeartbeat, startScheduledBackups, type ReadinessSources } from "../services/operations";
import { startZwaveJsListeners } from "../services/door/zwave-js-listeners";
import { startHomeAssistantListeners } from "../services/door/home-assistant-listeners";
import { startMatterListeners } from "../services/door/matter-listeners";

import { QUEUE_NAMES, type QueueName } from "../jobs/queues";

/** The queues whose jobs call locks (programming and revoking codes, health reads): Matter's run where its controllers are. */
const MATTER_LOCK_QUEUES: readonly QueueName[] = ["access-codes", "lock-health"];

export interface RunServerOptions {
  port: number;
  host: string;
  /** Extra HTTP surface for this process (the demo's sample calendar). */
  app?: AppOptions;
  /**
   * Runs once the server listens and before the embedded jobs start: the demo's feed URL needs the real port, and its
   * first sync should land before the planner runs.
   */
  beforeJobs?: (port: number) => Promise<void>;
}

export interface RunningStaykey {
  port: number;
  /** The metrics listener's port, when STAYKEY_METRICS_PORT is set. */
  metricsPort?: number;
  /** Stops accepting requests, lets running jobs finish, closes the database. */
  stop(): Promise<void>;
}

/**
 * What `serve` and `demo` share: the HTTP app on the runtime's deps and, without REDIS_URL, the embedded job runner
 * in this process (with Redis, jobs run in `staykey worker` processes and this one only enqueues, reconciles at start
 * and keeps the reconcile schedule in Redis).
 */
export async function runServer(runtime: Runtime, opts: RunServerOptions): Promise<RunningStaykey> {
  const { deps } = runtime;
  const ops: ReadinessSources = {};
  const app = createApp(deps, { ...opts.app, ops });
  let server: RunningServer;
  try {
    server = await startHttpServer(deps, { port: opts.port, host: opts.host }, app);
  } catch (err) {
    await runtime.close();
    throw err;
  }
  let metricsServer: RunningServer | undefined;
  try {
    if (deps.config.STAYKEY_METRICS_PORT !== undefined) {
      metricsServer = await startHttpServer(deps, { port: deps.config.STAYKEY_METRICS_PORT, host: deps.config.STAYKEY_METRICS_HOST }, createMetricsApp(deps, ops));
    }
  } catch (err) {
    await server.close();
    await runtime.close();
    throw err;
  }
  // Behind NAT: webhooks arrive through the edge relay and are replayed into this app's own routes, which verify the
  // providers' original signatures again (a Seam event held at the relay is judged at the time the edge received it).
  const relay = relayPullerFromConfig(deps.config, {
    dispatch: dispatchToApp(app.request, (event) => ({ relayReceivedAt: event.receivedAt })),
    clock: deps.clock,
    logger: deps.logger,
    nextCheckIns: () => upcomingCheckIns(deps),
  });
  relay?.start();
  if (relay) ops.relay = () => relay.status();
  // With the embedded driver this process runs every queue; with Redis it only enqueues (workers beat for themselves).
  ops.heartbeat = startProcessHeartbeat(deps, { role: "serve", queues: deps.jobs.driver === "embedded" ? QUEUE_NAMES : [] });
  const { STAYKEY_BACKUP_DIR: backupDir, STAYKEY_BACKUP_KEEP: keep, STAYKEY_BACKUP_EVERY_HOURS: hours } = deps.config;
  const backups = backupDir ? startScheduledBackups(deps, { dir: backupDir, keep, everyMs: hours * 3600_000 }) : undefined;
  // Z-Wave locks push door activity and node status over their server's WebSocket: one subscription per connection.
  const zwave = startZwaveJsListeners(deps);
  // Home Assistant pushes the same Z-Wave notifications over its WebSocket API: one subscription per connection with locks.
  const homeAssistant = startHomeAssistantListeners(deps);
  // Matter locks report door activity as events on staykey's own controller: one subscription per connection. This
  // process alone drives Matter fabrics, so with Redis it also takes the queues that call locks once a Matter
  // connection exists: a worker hands a Matter lock's job back (retryable), and here it is done.
  let lockQueues: Promise<void> | undefined;
  const takeMatterLockJobs = () => {
    if (deps.jobs.driver === "embedded" || lockQueues) return;
    lockQueues = deps.jobs.start(runtime.handlers, { queues: [...MATTER_LOCK_QUEUES] })
      .catch((err: unknown) => deps.logger.warn({ err }, "serve could not take the lock queues for its Matter locks"));
  };
  const matter = startMatterListeners(deps, { onWatching: takeMatterLockJobs });
  const stop = async () => {
    zwave.stop();
    homeAssistant.stop();
    matter.stop();
    await backups?.stop();
    await relay?.stop();
    await metricsServer?.close();
    await server.close();
    ops.heartbeat?.stop();
    await runtime.close();
  };
  try {
    await opts.beforeJobs?.(server.port);
    if (deps.jobs.driver === "embedded") await startJobs(deps.jobs, runtime.handlers);
    else await startProducing(deps.jobs, runtime.reconciler, deps.logger);
  } catch (err) {
    await stop();
    throw err;
  }
  return { port: server.port, ...(metricsServer ? { metricsPort: metricsServer.port } : {}), stop };
}

/** Resolves on SIGTERM or SIGINT, after `running` stopped. */
export function untilSignal(running: RunningStaykey, log: { info(obj: object, msg: string): void }): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = async (signal: string) => {
      log.info({ signal }, "shutting down: finishing running jobs");
      await running.stop();
      resolve();
    };
    process.once("SIGTERM", () => void stop("SIGTERM"));
    process.once("SIGINT", () => void stop("SIGINT"));
  });
}
