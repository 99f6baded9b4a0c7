import type { Db } from "../db/client";
import type { Clock } from "../lib/clock";
import { JOB_NAMES, type JobName } from "./definitions";
import { PermanentJobError } from "./errors";
import type { JobHandler, JobHandlers, JobQueue } from "./port";
import type { JobLogger } from "./processor";
import { createReconciler } from "./reconciler";

export interface HandlerDeps {
  db: Db;
  queue: JobQueue;
  clock: Clock;
  log: JobLogger;
}

export type Processors = Partial<JobHandlers>;

/**
 * The one place processors are wired to job names, used by the embedded server and by every worker process.
 * Processors written elsewhere are passed in `processors` (later the lead wires them here). A job with no processor
 * is named loudly at start and fails permanently with a clear reason when it runs, rather than retrying against a
 * handler that will never exist; the reconciler re-creates it once a processor is deployed and the failed entry
 * has aged out.
 */
export function createHandlers(deps: HandlerDeps, processors: Processors = {}): { handlers: JobHandlers; missing: JobName[] } {
  const reconciler = createReconciler({ db: deps.db, queue: deps.queue, clock: deps.clock, log: deps.log });
  const wired: Processors = {
    "calendar-sync.reconcile": async () => {
      await reconciler.run();
    },
    ...processors,
  };
  const missing = JOB_NAMES.filter((name) => !wired[name]);
  if (missing.length > 0) deps.log.error({ missing }, "job processors not wired: these jobs will fail until they are");
  const handlers = {} as Record<JobName, JobHandler<never>>;
  for (const name of JOB_NAMES) {
    handlers[name] = (wired[name] as JobHandler<never> | undefined) ?? notWired(name);
  }
  return { handlers: handlers as unknown as JobHandlers, missing };
}

function notWired(name: JobName): JobHandler<never> {
  return async () => {
    throw new PermanentJobError(`no processor is wired for ${name} (see src/jobs/handlers.ts)`);
  };
}
