import { pino } from "pino";
import { loadConfig } from "../src/config";
import { openDatabase } from "../src/db/client";
import { createJobQueue, databaseFile } from "../src/jobs/create-job-queue";
import { createHandlers, type Processors } from "../src/jobs/handlers";
import { startJobs } from "../src/jobs/runtime";
import { systemClock } from "../src/lib/clock";

export interface WorkerOptions {
  env?: Record<string, string | undefined>;
  /** Only these queues; all when omitted. */
  queues?: string[];
  processors?: Processors;
  /** Resolves when the worker should stop; defaults to the first SIGTERM or SIGINT. */
  stopSignal?: Promise<unknown>;
}

/**
 * A worker process: any number of them, on any hosts, against one Redis and one database file. On SIGTERM it stops
 * taking jobs and lets running ones finish (BullMQ releases them to other workers if the process is killed first).
 */
export async function runWorker(opts: WorkerOptions = {}): Promise<void> {
  const config = loadConfig(opts.env ?? process.env);
  const log = pino({ level: config.STAYKEY_LOG_LEVEL, base: { svc: "worker", pid: process.pid } });
  if (!config.REDIS_URL) {
    log.warn("REDIS_URL is not set: this worker runs the embedded SQLite driver (fine beside a server that shares the file)");
  }
  const db = openDatabase(databaseFile(config));
  const queue = createJobQueue({ config, db, log });
  const { handlers } = createHandlers({ db, queue, clock: systemClock, log }, opts.processors);
  await startJobs(queue, handlers, { queues: opts.queues });
  log.info({ driver: queue.driver, queues: opts.queues ?? "all" }, "worker started");

  await (opts.stopSignal ?? untilSignal(["SIGTERM", "SIGINT"]));
  log.info("worker stopping: finishing running jobs");
  await queue.stop();
  db.$client.close();
  log.info("worker stopped");
}

function untilSignal(signals: NodeJS.Signals[]): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    for (const s of signals) process.once(s, () => resolve(s));
  });
}
