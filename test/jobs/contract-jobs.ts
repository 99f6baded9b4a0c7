import { defineJob, jobDefinitions, recordId } from "../../src/jobs/definitions";
import { PermanentJobError } from "../../src/jobs/errors";
import type { JobContext, JobHandlers } from "../../src/jobs/port";
import { queueConfigs } from "../../src/jobs/queues";

/** Test-only jobs registered beside staykey's own, exercising the drivers without any domain code. */
export const contractDefinitions = {
  ...jobDefinitions,
  "contract.record": defineJob({ name: "contract.record", queue: "contract", payload: { runId: recordId() }, attempts: 1, backoffMs: 100 }),
  "contract.flaky": defineJob({ name: "contract.flaky", queue: "contract", payload: { runId: recordId() }, attempts: 3, backoffMs: 150 }),
  "contract.permanent": defineJob({ name: "contract.permanent", queue: "contract", payload: { runId: recordId() }, attempts: 3, backoffMs: 100 }),
  "contract.crashy": defineJob({ name: "contract.crashy", queue: "contract", payload: { runId: recordId() }, attempts: 3, backoffMs: 100 }),
  "contract-slow.slow": defineJob({ name: "contract-slow.slow", queue: "contract-slow", payload: { runId: recordId() }, attempts: 1, backoffMs: 100 }),
};
export type ContractDefinitions = typeof contractDefinitions;

export const contractQueueConfigs = { ...queueConfigs, contract: { concurrency: 5 }, "contract-slow": { concurrency: 2 } };

export interface Call {
  name: string;
  key: string;
  attempt: number;
  startedAt: number;
  jobId: string;
}

/** Records every handler call; `hang` makes the first crashy attempt block until released (a job caught mid-run). */
export class Recorder {
  calls: Call[] = [];
  completed: Call[] = [];
  active = 0;
  maxActive = 0;
  private releaseHang: () => void = () => {};
  readonly hung = new Promise<void>((r) => (this.releaseHang = r));

  callsFor(key: string): Call[] {
    return this.calls.filter((c) => c.key === key);
  }
  release(): void {
    this.releaseHang();
  }

  handlers(): JobHandlers<ContractDefinitions> {
    const record = (name: string) => async (payload: Record<string, string>, ctx: JobContext) => {
      const call = { name, key: Object.values(payload)[0] ?? "", attempt: ctx.attempt, startedAt: Date.now(), jobId: ctx.jobId };
      this.calls.push(call);
      if (name === "contract.flaky") throw new Error("vendor timed out");
      if (name === "contract.permanent") throw new PermanentJobError("vendor said 400: bad code length");
      if (name === "contract.crashy" && this.callsFor(call.key).length === 1) {
        await this.hung;
        throw new Error("this worker was killed mid-run");
      }
      if (name === "contract-slow.slow") {
        this.active++;
        this.maxActive = Math.max(this.maxActive, this.active);
        await new Promise((r) => setTimeout(r, 150));
        this.active--;
      }
      this.completed.push(call);
    };
    const out: Record<string, unknown> = {};
    for (const def of Object.values(contractDefinitions)) out[def.name] = record(def.name);
    return out as JobHandlers<ContractDefinitions>;
  }
}
