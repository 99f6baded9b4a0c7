import { startJobs } from "../jobs/runtime";
import { buildRuntime } from "./build-runtime";
import { QUEUE_NAMES } from "../jobs/queues";
import { startProcessHeartbeat } from "../services/operations";

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
  await startJobs(jobs, runtime.handlers, { queues: opts.queues });
  const heartbeat = startProcessHeartbeat(runtime.deps, { role: "worker", queues: opts.queues ?? QUEUE_NAMES });
  log.info({ driver: jobs.driver, queues: opts.queues ?? "all", pid: process.pid }, "worker started");

  await (opts.stopSignal ?? untilSignal(["SIGTERM", "SIGINT"]));
  log.info("worker stopping: finishing running jobs");
  heartbeat.stop();
  await runtime.close();
  log.info("worker stopped");
}

function untilSignal(signals: NodeJS.Signals[]): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    for (const s of signals) process.once(s, () => resolve(s));
  });
}
