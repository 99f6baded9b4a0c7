import { jobIdFor } from "../../jobs/job-ids";
import { jobKeys } from "../../jobs/job-keys";
import type { ServiceDeps } from "../deps";
import type { ServiceEvent } from "../events";

type CodeKey = { id: string; version: number };

/**
 * What a lifecycle step asks for once its transaction has committed: jobs (deterministic ids, so asking twice is a
 * no-op) and events for the other capabilities. Collected while writing, run after: a rolled-back write must not leave
 * a job behind or announce a change that did not happen.
 */
export class FollowUps {
  private readonly steps: Array<(deps: ServiceDeps) => Promise<unknown>> = [];

  program(code: CodeKey, runAt: Date): this {
    return this.job("access-codes.program-code", code, runAt);
  }

  verify(code: CodeKey, runAt: Date): this {
    return this.job("access-codes.verify-code", code, runAt);
  }

  revoke(code: CodeKey, runAt: Date): this {
    return this.job("access-codes.revoke-code", code, runAt);
  }

  emit(event: ServiceEvent): this {
    this.steps.push((deps) => deps.events.emit(event));
    return this;
  }

  private job(name: "access-codes.program-code" | "access-codes.verify-code" | "access-codes.revoke-code", code: CodeKey, runAt: Date): this {
    this.steps.push((deps) =>
      deps.jobs.enqueue(name, { codeId: code.id }, { jobId: jobIdFor(name, jobKeys.code(code)), runAt }),
    );
    return this;
  }

  get size(): number {
    return this.steps.length;
  }

  /**
   * A failed enqueue is logged, not thrown: the rows are committed and the reconciler re-creates the job. An event
   * never throws (its failing handlers are logged): the code's own state is already right.
   */
  async run(deps: ServiceDeps): Promise<void> {
    const results = await Promise.allSettled(this.steps.map((step) => step(deps)));
    const failed = results.filter((r) => r.status === "rejected").length;
    if (failed > 0) deps.logger.warn({ failed }, "access code follow-ups failed after commit; the reconciler will re-create jobs");
  }
}
