import type { Logger } from "pino";
import { pino } from "pino";
import type { AnyJobDefinition } from "./definitions";
import { PermanentJobError, errorMessage, isPermanentError } from "./errors";
import type { JobContext, JobHandler } from "./port";

export type JobLogger = Pick<Logger, "info" | "warn" | "error" | "debug">;
export const silentLogger: JobLogger = pino({ level: "silent" });

/**
 * The base processor both drivers run: the payload is validated before the handler sees it (a payload that fails
 * validation will fail the same way on every retry, so it is permanent), and each outcome is logged with ids only.
 */
export async function processJob(
  def: AnyJobDefinition,
  handler: JobHandler<never> | undefined,
  rawPayload: unknown,
  ctx: JobContext,
  log: JobLogger,
): Promise<void> {
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
  const started = Date.now();
  try {
    await (handler as JobHandler<unknown>)(parsed.data, ctx);
    log.debug({ ...fields, ms: Date.now() - started }, "job completed");
  } catch (err) {
    const permanent = isPermanentError(err);
    log.warn({ ...fields, permanent, err: errorMessage(err), ms: Date.now() - started }, "job failed");
    throw err;
  }
}
