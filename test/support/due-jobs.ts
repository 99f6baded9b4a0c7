import { jobDefinitions, type JobName } from "../../src/jobs/definitions";
import { JobStore } from "../../src/jobs/embedded/job-store";
import type { JobHandler } from "../../src/jobs/port";
import { processJob, silentLogger } from "../../src/jobs/processor";
import { accessCodeProcessors } from "../../src/services/access";
import type { ServiceDeps } from "../../src/services/deps";
import { deliveryProcessors } from "../../src/services/delivery";

/**
 * Runs what the services enqueued on the real embedded job store, as the runner would on the test's clock: due jobs of
 * the access-codes and messages queues (the code lifecycle on the simulated lock, delivery to the outbox), and the jobs
 * they make due, until none is left. Returns the errors of jobs that failed.
 */
export function dueJobRunner(deps: ServiceDeps, extra: Record<string, JobHandler<never>> = {}) {
  const store = new JobStore(deps.db.$client);
  const handlers = { ...accessCodeProcessors(deps), ...deliveryProcessors(deps), ...extra } as Record<string, JobHandler<never>>;
  return async function runDue(): Promise<string[]> {
    const errors: string[] = [];
    for (let round = 0; round < 50; round++) {
      const now = deps.clock.now().getTime();
      const claimed = [...store.claim("access-codes", 100, "test", now, 60_000), ...store.claim("messages", 100, "test", now, 60_000)];
      if (claimed.length === 0) return errors;
      for (const job of claimed) {
        const handler = handlers[job.name];
        if (!handler) {
          store.complete(job.id, "test", now);
          continue;
        }
        try {
          await processJob(jobDefinitions[job.name as JobName], handler, JSON.parse(job.payload), { jobId: job.id, attempt: job.attempts, signal: new AbortController().signal }, silentLogger);
          store.complete(job.id, "test", now);
        } catch (err) {
          errors.push(`${job.name}: ${(err as Error).message}`);
          store.fail(job.id, "test", (err as Error).message, now);
        }
      }
    }
    return errors;
  };
}
