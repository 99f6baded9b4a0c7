import type { JobHandlers, JobQueue } from "./port";
import { scheduleReconciler } from "./reconciler";

/**
 * Starts processing: registers the periodic reconciler (idempotent, so every process may do it) and runs the
 * handlers. Because the reconcile schedule fires at once, a restart after Redis was lost restores every job.
 */
export async function startJobs(queue: JobQueue, handlers: JobHandlers, opts: { queues?: string[]; reconcileEveryMs?: number } = {}): Promise<void> {
  await scheduleReconciler(queue, opts.reconcileEveryMs);
  await queue.start(handlers, { queues: opts.queues });
}
