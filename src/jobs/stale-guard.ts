import type { JobName } from "./definitions";
import { jobIdFor, type JobKey } from "./job-ids";
import type { JobContext } from "./port";
import type { JobLogger } from "./processor";

/**
 * Why a job should do nothing, or null when it should run. A delayed job can outlive the reason it was scheduled: the
 * stay moved, the code was cancelled, a newer job replaced it. The processor re-reads its record and passes it here;
 * when the record is gone, no longer wanted, or its version no longer yields this job's id, the job is stale.
 */
export function staleReason<R extends JobKey>(
  name: JobName | (string & {}),
  ctx: Pick<JobContext, "jobId">,
  record: R | undefined | null,
  opts: { keyOf?: (record: R) => JobKey; stillWanted?: (record: R) => boolean } = {},
): string | null {
  if (!record) return "record no longer exists";
  if (opts.stillWanted && !opts.stillWanted(record)) return "record no longer needs this job";
  const expected = jobIdFor(name, opts.keyOf ? opts.keyOf(record) : record);
  // Jobs enqueued by hand (no deterministic id) cannot be judged by id; they rely on stillWanted alone.
  if (ctx.jobId.startsWith("job_")) return null;
  return expected === ctx.jobId ? null : `record changed since the job was scheduled (now ${expected})`;
}

/** `if (skipIfStale(...)) return;` at the top of a processor: logs the reason with ids only. */
export function skipIfStale<R extends JobKey>(
  name: JobName | (string & {}),
  ctx: Pick<JobContext, "jobId">,
  record: R | undefined | null,
  log: JobLogger,
  opts: { keyOf?: (record: R) => JobKey; stillWanted?: (record: R) => boolean } = {},
): boolean {
  const reason = staleReason(name, ctx, record, opts);
  if (reason) log.info({ job: name, jobId: ctx.jobId, reason }, "stale job skipped");
  return reason !== null;
}
