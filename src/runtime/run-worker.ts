import { startJobs } from "../jobs/runtime";
import { buildRuntime } from "./build-runtime";
import { QUEUE_NAMES } from "../jobs/queues";
import { startProcessHeartbeat } from "../services/operations";
import { createWorkerMetricsApp } from "../app";
import { startHttpServer, type RunningServer } from "../server";

export interface WorkerOptions {
  env?: Record<string, string | undefined>;
  /** Only these queues; all when omitted. */
  queues?: string[];
  /** Resolves when the worker should stop; defaults to the first SIGTERM or SIGINT. */
  stopSignal?: Promise<unknown>;
}

/**
 * A worker process: any number of them, on any hosts, against one Redis and one database file. On SIGTERM it stops
 * taking jobs and lets running ones finish (BullMQ releases them to other workers if the process is killed first).
 */
export async function runWorker(opts: WorkerOptions = {}): Promise<void> {
  // Matter fabrics are driven by the serve process alone (see buildRuntime); a Matter lock's job here is left to it.
  const runtime = buildRuntime(opts.env ?? process.env, { matterControllers: false });
  const { config, logger: log, jobs } = runtime.deps;
  if (!config.REDIS_URL) {
    log.warn("REDIS_URL is not set: this worker runs the embedded SQLite driver (fine beside a server that shares the file)");
  }
  // Before any job runs, so a port already taken fails the start instead of losing the counters silently.
  let metrics: RunningServer | undefined;
  if (config.STAYKEY_WORKER_METRICS_PORT !== undefined) {
    try {
      metrics = await startHttpServer(runtime.deps, { port: config.STAYKEY_WORKER_METRICS_PORT, host: config.STAYKEY_METRICS_HOST }, createWorkerMetricsApp(runtime.deps));
    } catch (err) {
      await runtime.close();
      throw err;
    }
    log.info({ metricsPort: metrics.port, host: config.STAYKEY_METRICS_HOST }, "worker metrics listening");
  }
  await startJobs(jobs, runtime.handlers, { queues: opts.queues });
  const heartbeat = startProcessHeartbeat(runtime.deps, { role: "worker", queues: opts.queues ?? QUEUE_NAMES });
  log.info({ driver: jobs.driver, queues: opts.queues ?? "all", pid: process.pid }, "worker started");

  await (opts.stopSignal ?? untilSignal(["SIGTERM", "SIGINT"]));
  log.info("worker stopping: finishing running jobs");
  heartbeat.stop();
  await runtime.close();
  // Last, so a final scrape can still see what the stopping jobs did.
  await metrics?.close();
  log.info("worker stopped");
}

function untilSignal(signals: NodeJS.Signals[]): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    for (const s of signals) process.once(s, () => resolve(s));
  });
}
