import { Queue, UnrecoverableError, Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import { jobDefinitions, type AnyJobDefinition, type DefinitionMap, type PayloadOf, type StaykeyDefinitions } from "../definitions";
import { errorMessage } from "../errors";
import { checkJobId } from "../job-ids";
import type { BulkJob, EnqueueOptions, EnqueueResult, FailedJob, JobContext, JobHandlers, QueueHealth, JobQueue, QueueStats, StartOptions } from "../port";
import { processJob, silentLogger, type JobLogger } from "../processor";
import { queueConfigs as staykeyQueueConfigs, type QueueConfig } from "../queues";
import { newId } from "../../lib/ids";
import { connectRedis, whenReady } from "./connection";
import { readStats, readFailed } from "./bullmq-stats";
import { DEFAULT_SCHEDULE_CHECK_MS, ScheduleKeeper } from "./schedule-keeper";

export interface BullmqQueueOptions<D extends DefinitionMap> {
  url: string;
  definitions?: D;
  queueConfigs?: Record<string, QueueConfig>;
  log?: JobLogger;
  /** Key prefix, so several staykey installs (or test runs) can share one Redis. */
  prefix?: string;
  /** Stalled-job detection: a worker that dies mid-job loses its lock after lockDuration; another re-runs it. */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  completedRetentionMs?: number;
  failedRetentionMs?: number;
  /** How often each process checks that its schedules are still in Redis, putting back any that were lost. */
  scheduleCheckMs?: number;
}

/** The driver for operators with Redis: producers in the API, any number of worker processes on any hosts. */
export class BullmqJobQueue<D extends DefinitionMap = StaykeyDefinitions> implements JobQueue<D> {
  readonly driver = "bullmq" as const;
  private readonly definitions: D;
  private readonly producer: Redis;
  private readonly queues = new Map<string, Queue>();
  private workers: Worker[] = [];
  private workerConnection: Redis | undefined;
  private readonly log: JobLogger;
  private readonly keeper: ScheduleKeeper;

  constructor(private readonly opts: BullmqQueueOptions<D>) {
    this.definitions = opts.definitions ?? (jobDefinitions as unknown as D);
    this.producer = connectRedis(opts.url, "producer");
    this.log = opts.log ?? silentLogger;
    this.keeper = new ScheduleKeeper({ checkEveryMs: opts.scheduleCheckMs ?? DEFAULT_SCHEDULE_CHECK_MS, log: this.log });
    this.producer.on("error", (err) => this.log.warn({ err: err.message }, "redis producer connection error"));
  }

  async enqueue<N extends keyof D & string>(name: N, payload: PayloadOf<D[N]>, opts: EnqueueOptions = {}): Promise<EnqueueResult> {
    const def = this.definition(name);
    def.schema.parse(payload);
    const id = checkJobId(opts.jobId ?? newId("job"));
    const queue = await this.queue(def.queue);
    // BullMQ's add is already a no-op for an existing id but does not say so; the existence check tells the caller.
    // Both go out together on the producer's connection, which Redis serves in order, so EXISTS sees the state just
    // before this add, in one round trip instead of two (an existing id costs one no-op add).
    const [exists] = await Promise.all([
      this.producer.exists(queue.toKey(id)),
      queue.add(name, payload, { jobId: id, delay: Math.max(0, (opts.runAt?.getTime() ?? 0) - Date.now()), ...this.retryOptions(def) }),
    ]);
    return { id, created: exists === 0 };
  }

  /** One EXISTS pipeline and one addBulk (a single MULTI) for the whole batch instead of two round trips per job. */
  async enqueueMany<N extends keyof D & string>(name: N, jobs: ReadonlyArray<BulkJob<PayloadOf<D[N]>>>): Promise<EnqueueResult[]> {
    const def = this.definition(name);
    for (const job of jobs) def.schema.parse(job.payload);
    const ids = jobs.map((job) => checkJobId(job.opts?.jobId ?? newId("job")));
    if (jobs.length === 0) return [];
    const queue = await this.queue(def.queue);
    const existing = await this.existingIds(queue, ids);
    const seen = new Set<string>();
    const results = ids.map((id) => {
      const created = !existing.has(id) && !seen.has(id);
      seen.add(id);
      return { id, created };
    });
    const now = Date.now();
    const retry = this.retryOptions(def);
    const toAdd = jobs
      .map((job, i) => ({ name, data: job.payload, opts: { jobId: ids[i]!, delay: Math.max(0, (job.opts?.runAt?.getTime() ?? 0) - now), ...retry } }))
      .filter((_, i) => results[i]!.created);
    if (toAdd.length > 0) await queue.addBulk(toAdd);
    return results;
  }

  async reschedule(name: keyof D & string, jobId: string, runAt: Date): Promise<boolean> {
    const job = await this.pendingJob(name, jobId);
    if (!job) return false;
    const delay = Math.max(0, runAt.getTime() - Date.now());
    if ((await job.getState()) === "delayed") {
      await job.changeDelay(delay);
      return true;
    }
    // Waiting jobs cannot change delay: take it out (refused if a worker grabbed it meanwhile) and add it back.
    const queue = await this.queue(this.definition(name).queue);
    if ((await queue.remove(jobId)) !== 1) return false;
    await queue.add(job.name, job.data, { ...job.opts, jobId, delay });
    return true;
  }

  async cancel(name: keyof D & string, jobId: string): Promise<boolean> {
    const job = await this.pendingJob(name, jobId);
    if (!job) return false;
    return (await (await this.queue(this.definition(name).queue)).remove(jobId)) === 1;
  }

  /** Upserts the scheduler and keeps it: this process puts it back whenever Redis loses it (see ScheduleKeeper). */
  async upsertSchedule<N extends keyof D & string>(scheduleId: string, name: N, payload: PayloadOf<D[N]>, opts: { everyMs: number }): Promise<void> {
    const def = this.definition(name);
    def.schema.parse(payload);
    const id = checkJobId(scheduleId);
    const schedule = {
      exists: async () => (await (await this.queue(def.queue)).getJobScheduler(id)) !== undefined,
      upsert: async () => {
        await (await this.queue(def.queue)).upsertJobScheduler(id, { every: opts.everyMs }, { name, data: payload, opts: this.retryOptions(def) });
      },
    };
    // Kept before the first upsert: if Redis is away now, the keeper puts the schedule in place once it is back.
    this.keeper.keep(id, schedule);
    await schedule.upsert();
  }

  async start(handlers: JobHandlers<D>, opts: StartOptions = {}): Promise<void> {
    const configs: Record<string, QueueConfig | undefined> = this.opts.queueConfigs ?? staykeyQueueConfigs;
    const names = opts.queues ?? this.queueNames();
    this.workerConnection ??= connectRedis(this.opts.url, "worker");
    for (const queueName of names) {
      // Two parameters, not three: BullMQ builds an AbortController for every job whose processor takes a signal,
      // a measurable share of a no-op job's CPU, and never aborts it unless cancelJob is called (staykey does not).
      const worker = new Worker(queueName, (job) => this.process(handlers, job), {
        connection: this.workerConnection,
        prefix: this.prefix,
        concurrency: configs[queueName]?.concurrency ?? 1,
        lockDuration: this.opts.lockDurationMs ?? 30_000,
        stalledInterval: this.opts.stalledIntervalMs ?? 30_000,
      });
      worker.on("error", (err) => this.log.error({ queue: queueName, err: err.message }, "worker error"));
      this.workers.push(worker);
    }
    await Promise.all(this.workers.map((w) => w.waitUntilReady()));
  }

  /** Lets running jobs finish (BullMQ's graceful close), then drops the connections. */
  async stop(): Promise<void> {
    await this.keeper.stop();
    await Promise.all(this.workers.map((w) => w.close()));
    await this.release();
  }

  /** Test hook: stop dead like a killed worker process; its active jobs stay locked until the lock expires. */
  async crash(): Promise<void> {
    await this.keeper.stop();
    await Promise.all(this.workers.map((w) => w.close(true)));
    await this.release();
  }

  async stats(): Promise<QueueStats> {
    return readStats(await Promise.all(this.queueNames().map((q) => this.queue(q))));
  }

  async failed(limit = 20): Promise<FailedJob[]> {
    return readFailed(await Promise.all(this.queueNames().map((q) => this.queue(q))), limit);
  }

  async oldestDue(): Promise<Record<string, Date>> {
    const now = Date.now();
    const out: Record<string, Date> = {};
    for (const name of this.queueNames()) {
      const queue = await this.queue(name);
      // Oldest first: the longest-waiting job, and the delayed job due soonest (overdue if a worker has not promoted it).
      const [waiting] = await queue.getJobs(["wait", "prioritized"], 0, 0, true);
      const [delayed] = await queue.getJobs(["delayed"], 0, 0, true);
      const due = [waiting, delayed].filter((j) => j !== undefined).map((j) => j.timestamp + (j.opts.delay ?? 0)).filter((t) => t <= now);
      if (due.length > 0) out[name] = new Date(Math.min(...due));
    }
    return out;
  }

  /** Redis answers within 2 s and holds every schedule this process keeps (a flushed Redis is back within the check interval). */
  async health(): Promise<QueueHealth> {
    const timeout = (ms: number) => new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref());
    try {
      await Promise.race([this.producer.ping(), timeout(2_000)]);
    } catch (err) {
      return { ok: false, check: "redis", detail: `Redis is unreachable: ${errorMessage(err)}` };
    }
    try {
      const missing = await Promise.race([this.keeper.missing(), timeout(2_000)]);
      if (missing.length > 0) return { ok: false, check: "schedules", detail: `schedules missing from Redis: ${missing.join(", ")}` };
    } catch (err) {
      return { ok: false, check: "redis", detail: `Redis did not answer the schedule check: ${errorMessage(err)}` };
    }
    return { ok: true };
  }

  /** Per job: no async layer of its own (processJob's run is the promise BullMQ waits on) and one small context. */
  private process(handlers: JobHandlers<D>, job: Job): Promise<void> {
    const def = this.definitions[job.name];
    if (!def) return Promise.reject(new UnrecoverableError(`unknown job ${job.name}`));
    const handler = (handlers as Record<string, JobHandlers<D>[keyof D]>)[job.name];
    return processJob(def, handler as never, job.data, new BullmqJobContext(job.id!, job.attemptsMade + 1), this.log, unrecoverable);
  }

  private retryOptions(def: AnyJobDefinition) {
    return {
      attempts: def.attempts,
      backoff: { type: "exponential", delay: def.backoffMs },
      removeOnComplete: { age: Math.round((this.opts.completedRetentionMs ?? 24 * 3600_000) / 1000) },
      removeOnFail: { age: Math.round((this.opts.failedRetentionMs ?? 7 * 24 * 3600_000) / 1000) },
    };
  }

  /** Which of these job ids already exist, in one pipelined round trip (the batched form of enqueue's check). */
  private async existingIds(queue: Queue, ids: readonly string[]): Promise<Set<string>> {
    const pipeline = this.producer.pipeline();
    for (const id of ids) pipeline.exists(queue.toKey(id));
    const replies = await pipeline.exec();
    if (!replies) throw new Error("redis returned no replies to the job existence check");
    const existing = new Set<string>();
    replies.forEach(([err, count], i) => {
      if (err) throw err;
      if (count === 1) existing.add(ids[i]!);
    });
    return existing;
  }

  private async pendingJob(name: string, jobId: string): Promise<Job | undefined> {
    const job = await (await this.queue(this.definition(name).queue)).getJob(jobId);
    return job && job.name === name ? (job as Job) : undefined;
  }

  private async queue(name: string): Promise<Queue> {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.producer, prefix: this.prefix });
      queue.on("error", (err) => this.log.warn({ queue: name, err: err.message }, "queue error"));
      this.queues.set(name, queue);
    }
    await whenReady(this.producer);
    return queue;
  }

  private queueNames(): string[] {
    return [...new Set(Object.values(this.definitions).map((d) => d.queue))];
  }

  private get prefix(): string {
    return this.opts.prefix ?? "staykey";
  }

  private definition(name: string): AnyJobDefinition {
    const def = this.definitions[name];
    if (!def) throw new Error(`unknown job ${name}`);
    return def;
  }

  private async release(): Promise<void> {
    this.workers = [];
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.queues.clear();
    this.producer.disconnect();
    this.workerConnection?.disconnect();
    this.workerConnection = undefined;
  }
}

/** BullMQ retries anything but UnrecoverableError, so permanence has to be translated. */
function unrecoverable(err: unknown): unknown {
  return err instanceof UnrecoverableError ? err : new UnrecoverableError(errorMessage(err));
}

/** A job context whose signal is made on first use: most handlers never read it, and each one costs an allocation. */
class BullmqJobContext implements JobContext {
  private controller: AbortController | undefined;

  constructor(
    readonly jobId: string,
    readonly attempt: number,
  ) {}

  get signal(): AbortSignal {
    this.controller ??= new AbortController();
    return this.controller.signal;
  }
}
