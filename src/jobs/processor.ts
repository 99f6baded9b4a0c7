import type { Logger } from "pino";
import { pino } from "pino";
import { withLogFields } from "../lib/logger";
import { recordJobRun } from "../lib/metrics";
import type { AnyJobDefinition } from "./definitions";
import { PermanentJobError, errorMessage, isPermanentError } from "./errors";
import type { JobContext, JobHandler } from "./port";

export type JobLogger = Pick<Logger, "info" | "warn" | "error" | "debug">;
export const silentLogger: JobLogger = pino({ level: "silent" });

/**
 * The base processor both drivers run: the payload is validated before the handler sees it (a payload that fails
 * validation will fail the same way on every retry, so it is permanent), and each outcome is logged with ids only.
 * Every line logged while the handler runs, by any logger, carries the job's name and id.
 */
export async function processJob(
  def: AnyJobDefinition,
  handler: JobHandler<never> | undefined,
  rawPayload: unknown,
  ctx: JobContext,
  log: JobLogger,
): Promise<void> {
  return withLogFields({ job: def.name, jobId: ctx.jobId }, () => runJob(def, handler, rawPayload, ctx, log));
}

async function runJob(def: AnyJobDefinition, handler: JobHandler<never> | undefined, rawPayload: unknown, ctx: JobContext, log: JobLogger): Promise<void> {
  const fields = { job: def.name, jobId: ctx.jobId, attempt: ctx.attempt };
  if (!handler) {
    log.error(fields, "no handler registered for this job");
    throw new PermanentJobError(`no handler registered for ${def.name}`);
  }
  const parsed = def.schema.safeParse(rawPayload);
  if (!parsed.success) {
    // Zod issues name fields and rules, never the offending values, so they are safe to log.
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
    log.error({ ...fields, issues }, "job payload rejected");
    throw new PermanentJobError(`invalid payload for ${def.name}: ${issues}`);
  }
  const started = performance.now();
  const labels = { queue: def.queue, job: def.name };
  try {
    await (handler as JobHandler<unknown>)(parsed.data, ctx);
    recordJobRun({ ...labels, outcome: "completed" }, (performance.now() - started) / 1000);
    log.debug({ ...fields, ms: Math.round(performance.now() - started) }, "job completed");
  } catch (err) {
    const permanent = isPermanentError(err);
    const outcome = permanent || ctx.attempt >= def.attempts ? "failed" : "retried";
    recordJobRun({ ...labels, outcome }, (performance.now() - started) / 1000);
    log.warn({ ...fields, permanent, err: errorMessage(err), ms: Math.round(performance.now() - started) }, "job failed");
    throw err;
  }
}
