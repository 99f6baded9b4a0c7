import type { JobHandlers, JobQueue } from "./port";
import type { JobLogger } from "./processor";
import { scheduleReconciler, type Reconciler } from "./reconciler";

/**
 * Starts processing: registers the periodic reconciler (idempotent, so every process may do it; with Redis the queue
 * also puts it back whenever Redis loses it) and runs the handlers. A new reconcile schedule fires at once, so a start
 * on an empty queue restores every job.
 */
export async function startJobs(queue: JobQueue, handlers: JobHandlers, opts: { queues?: string[]; reconcileEveryMs?: number } = {}): Promise<void> {
  await scheduleReconciler(queue, opts.reconcileEveryMs);
  await queue.start(handlers, { queues: opts.queues });
}

/**
 * For a process that only enqueues (`serve` with Redis): it keeps the reconcile schedule like every worker does, so a
 * Redis that lost its data gets it back from whichever process looks first, and it reconciles once at start, as the
 * embedded runner does, so restarting serve restores every job the database says should exist. Redis being away at
 * start does not stop serve: the schedule is put in place, and fires its reconcile, once Redis is back.
 */
export async function startProducing(queue: JobQueue, reconciler: Reconciler, log: JobLogger): Promise<void> {
  try {
    await scheduleReconciler(queue);
    await reconciler.run();
  } catch (err) {
    log.warn({ err: err instanceof Error ? err.message : String(err) }, "job queue unreachable at start: the reconcile schedule is restored once it is back");
  }
}
