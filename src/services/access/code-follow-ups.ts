import { jobIdFor } from "../../jobs/job-ids";
import { jobKeys } from "../../jobs/job-keys";
import type { LifecycleHooks, ServiceDeps } from "../deps";

type CodeKey = { id: string; version: number };

/**
 * What a lifecycle step asks for once its transaction has committed: jobs (deterministic ids, so asking twice is a
 * no-op) and hook calls. Collected while writing, run after: a rolled-back write must not leave a job behind.
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

  hook<K extends keyof LifecycleHooks>(name: K, id: string): this {
    this.steps.push(async (deps) => deps.hooks?.[name]?.(id));
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
   * A failed enqueue is logged, not thrown: the rows are committed and the reconciler re-creates the job. A failed
   * hook is logged too: the code's own state is already right, and the hook's owner has its own sweep.
   */
  async run(deps: ServiceDeps): Promise<void> {
    const results = await Promise.allSettled(this.steps.map((step) => step(deps)));
    const failed = results.filter((r) => r.status === "rejected").length;
    if (failed > 0) deps.logger.warn({ failed }, "access code follow-ups failed after commit; the reconciler will re-create jobs");
  }
}
