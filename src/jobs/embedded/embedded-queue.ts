import { jobDefinitions, type DefinitionMap, type PayloadOf, type StaykeyDefinitions } from "../definitions";
import { queueConfigs as staykeyQueueConfigs, type QueueConfig } from "../queues";
import type { BulkJob, EnqueueOptions, EnqueueResult, FailedJob, QueueHealth, JobHandlers, JobQueue, QueueStats, StartOptions } from "../port";
import { silentLogger, type JobLogger } from "../processor";
import { systemClock, type Clock } from "../../lib/clock";
import { newId } from "../../lib/ids";
import type { Db } from "../../db/client";
import { checkJobId } from "../job-ids";
import { JobStore, type NewJobRow } from "./job-store";
import { EmbeddedRunner } from "./runner";

export interface EmbeddedQueueOptions<D extends DefinitionMap> {
  db: Db;
  definitions?: D;
  queueConfigs?: Record<string, QueueConfig>;
  clock?: Clock;
  log?: JobLogger;
  /** How long a claimed job stays ours without renewal; a crashed process's jobs are re-run after this. */
  leaseMs?: number;
  /** How long stop() waits for running jobs before releasing them to the next start. */
  stopGraceMs?: number;
  completedRetentionMs?: number;
  failedRetentionMs?: number;
}

/**
 * The default driver: jobs live in the SQLite `jobs` table next to the data they act on, so a host running one
 * process gets durable, restart-safe jobs without Redis.
 */
export class EmbeddedJobQueue<D extends DefinitionMap = StaykeyDefinitions> implements JobQueue<D> {
  readonly driver = "embedded" as const;
  private readonly store: JobStore;
  private readonly definitions: D;
  private readonly clock: Clock;
  private runner: EmbeddedRunner | undefined;
  private readonly schedules = new Map<string, number>();

  constructor(private readonly opts: EmbeddedQueueOptions<D>) {
    this.store = new JobStore(opts.db.$client);
    this.definitions = opts.definitions ?? (jobDefinitions as unknown as D);
    this.clock = opts.clock ?? systemClock;
  }

  async enqueue<N extends keyof D & string>(name: N, payload: PayloadOf<D[N]>, opts: EnqueueOptions = {}): Promise<EnqueueResult> {
    const now = this.clock.now().getTime();
    const row = this.newRow(name, payload, opts, now);
    const created = this.store.insert(row, now);
    if (created) this.runner?.wake(row.runAt);
    return { id: row.id, created };
  }

  /** Writes every row before returning (no await before the insert), so the sync can call it inside its transaction. */
  async enqueueMany<N extends keyof D & string>(name: N, jobs: ReadonlyArray<BulkJob<PayloadOf<D[N]>>>): Promise<EnqueueResult[]> {
    const now = this.clock.now().getTime();
    const rows = jobs.map((job) => this.newRow(name, job.payload, job.opts ?? {}, now));
    const created = this.store.insertMany(rows, now);
    let earliest = Infinity;
    const results = rows.map((row) => {
      // delete() is true only for the first row with a created id: a repeat later in the batch was not created.
      const isNew = created.delete(row.id);
      if (isNew) earliest = Math.min(earliest, row.runAt);
      return { id: row.id, created: isNew };
    });
    if (earliest !== Infinity) this.runner?.wake(earliest);
    return results;
  }

  async reschedule(name: keyof D & string, jobId: string, runAt: Date): Promise<boolean> {
    const moved = this.store.reschedule(name, jobId, runAt.getTime(), this.clock.now().getTime());
    if (moved) this.runner?.wake(runAt.getTime());
    return moved;
  }

  async cancel(name: keyof D & string, jobId: string): Promise<boolean> {
    return this.store.cancel(name, jobId);
  }

  async upsertSchedule<N extends keyof D & string>(scheduleId: string, name: N, payload: PayloadOf<D[N]>, opts: { everyMs: number }): Promise<void> {
    const def = this.definition(name);
    def.schema.parse(payload);
    const id = checkJobId(scheduleId);
    this.schedules.set(id, opts.everyMs);
    const now = this.clock.now().getTime();
    // Like BullMQ's `every` schedulers, the first run is immediate: a restart reconciles at once.
    this.store.upsertSchedule({ id, queue: def.queue, name, payload, runAt: now, maxAttempts: def.attempts, backoffMs: def.backoffMs }, now);
    this.runner?.wake(now);
  }

  async start(handlers: JobHandlers<D>, opts: StartOptions = {}): Promise<void> {
    if (this.runner) throw new Error("embedded job queue already started");
    const configs: Record<string, QueueConfig | undefined> = this.opts.queueConfigs ?? staykeyQueueConfigs;
    const queues = opts.queues ?? [...new Set(Object.values(this.definitions).map((d) => d.queue))];
    this.runner = new EmbeddedRunner({
      store: this.store,
      definitions: this.definitions,
      handlers: handlers as unknown as JobHandlers<DefinitionMap>,
      queues: queues.map((q) => ({ name: q, concurrency: configs[q]?.concurrency ?? 1 })),
      schedules: this.schedules,
      clock: this.clock,
      log: this.opts.log ?? silentLogger,
      leaseMs: this.opts.leaseMs ?? 30_000,
      stopGraceMs: this.opts.stopGraceMs ?? 25_000,
      completedRetentionMs: this.opts.completedRetentionMs ?? 24 * 3600_000,
      failedRetentionMs: this.opts.failedRetentionMs ?? 7 * 24 * 3600_000,
    });
    this.runner.start();
  }

  async stop(): Promise<void> {
    await this.runner?.stop();
    this.runner = undefined;
  }

  /** Test hook: stop dead like a killed process, leaving running jobs' leases to expire. */
  crash(): void {
    this.runner?.abandon();
    this.runner = undefined;
  }

  async stats(): Promise<QueueStats> {
    return this.store.stats(this.clock.now().getTime());
  }

  async oldestDue(): Promise<Record<string, Date>> {
    return this.store.oldestDue(this.clock.now().getTime());
  }

  /** The queue is the database, which `/readyz` checks on its own; the reconcile schedule is one of its rows. */
  async health(): Promise<QueueHealth> {
    return { ok: true };
  }

  async failed(limit = 20): Promise<FailedJob[]> {
    return this.store.failed(limit);
  }

  /** Validates the payload and id (throwing before anything is written) and builds the job's row. */
  private newRow(name: keyof D & string, payload: Record<string, unknown>, opts: EnqueueOptions, now: number): NewJobRow {
    const def = this.definition(name);
    def.schema.parse(payload);
    const id = checkJobId(opts.jobId ?? newId("job"));
    const runAt = Math.max(now, opts.runAt?.getTime() ?? now);
    return { id, queue: def.queue, name, payload, runAt, maxAttempts: def.attempts, backoffMs: def.backoffMs };
  }

  private definition(name: string) {
    const def = this.definitions[name];
    if (!def) throw new Error(`unknown job ${name}`);
    return def;
  }
}
