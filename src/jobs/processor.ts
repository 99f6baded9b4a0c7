import type { Logger } from "pino";
import { pino } from "pino";
import { withLogFields } from "../lib/logger";
import { jobRunTally, type JobOutcome } from "../lib/metrics";
import type { AnyJobDefinition } from "./definitions";
import { PermanentJobError, errorMessage, isPermanentError } from "./errors";
import type { JobContext, JobHandler } from "./port";

export type JobLogger = Pick<Logger, "info" | "warn" | "error" | "debug"> & Partial<Pick<Logger, "isLevelEnabled">>;
export const silentLogger: JobLogger = pino({ level: "silent" });

/** How a driver marks an error its retries must not repeat (BullMQ: UnrecoverableError); the error as is by default. */
export type AsPermanent = (err: unknown) => unknown;
const asIs: AsPermanent = (err) => err;

/**
 * The base processor both drivers run: the payload is validated before the handler sees it (a payload that fails
 * validation will fail the same way on every retry, so it is permanent), and each outcome is logged with ids only.
 * Every line logged while the handler runs, by any logger, carries the job's name and id.
 *
 * A BullMQ worker runs this thousands of times a second, so it does no more per job than that: no promise layer
 * beyond the run itself (the log fields are entered synchronously around it; while any job runs, Node 20 pays promise
 * hooks on every promise in the process, so fewer promises per job pay twice), no object or closure that only a
 * failure or a debug line needs, and metrics as plain numbers (see JobRunTally).
 */
export function processJob(
  def: AnyJobDefinition,
  handler: JobHandler<never> | undefined,
  rawPayload: unknown,
  ctx: JobContext,
  log: JobLogger,
  asPermanent: AsPermanent = asIs,
): Promise<void> {
  return withLogFields({ job: def.name, jobId: ctx.jobId }, runJob, def, handler, rawPayload, ctx, log, asPermanent);
}

async function runJob(
  def: AnyJobDefinition,
  handler: JobHandler<never> | undefined,
  rawPayload: unknown,
  ctx: JobContext,
  log: JobLogger,
  asPermanent: AsPermanent,
): Promise<void> {
  if (!handler) {
    log.error({ job: def.name, jobId: ctx.jobId, attempt: ctx.attempt }, "no handler registered for this job");
    throw asPermanent(new PermanentJobError(`no handler registered for ${def.name}`));
  }
  const parsed = def.schema.safeParse(rawPayload);
  if (!parsed.success) {
    // Zod issues name fields and rules, never the offending values, so they are safe to log.
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
    log.error({ job: def.name, jobId: ctx.jobId, attempt: ctx.attempt, issues }, "job payload rejected");
    throw asPermanent(new PermanentJobError(`invalid payload for ${def.name}: ${issues}`));
  }
  const tally = jobRunTally(def.queue, def.name);
  const started = performance.now();
  try {
    await (handler as JobHandler<unknown>)(parsed.data, ctx);
  } catch (err) {
    const permanent = isPermanentError(err);
    const outcome: JobOutcome = permanent || ctx.attempt >= def.attempts ? "failed" : "retried";
    const ms = performance.now() - started;
    tally.record(outcome, ms / 1000);
    log.warn({ job: def.name, jobId: ctx.jobId, attempt: ctx.attempt, permanent, err: errorMessage(err), ms: Math.round(ms) }, "job failed");
    throw permanent ? asPermanent(err) : err;
  }
  const ms = performance.now() - started;
  tally.record("completed", ms / 1000);
  if (log.isLevelEnabled?.("debug") !== false) log.debug({ job: def.name, jobId: ctx.jobId, attempt: ctx.attempt, ms: Math.round(ms) }, "job completed");
}
