import type { DefinitionMap, PayloadOf, StaykeyDefinitions } from "./definitions";

export interface JobContext {
  jobId: string;
  /** 1 on the first try. */
  attempt: number;
  /** Aborted when the driver shuts down or loses the job's lease; long handlers should pass it to fetch. */
  signal: AbortSignal;
}

export type JobHandler<P> = (payload: P, ctx: JobContext) => Promise<void>;

/** One handler per job name: a missing one is a compile error where the record is built. */
export type JobHandlers<D extends DefinitionMap = StaykeyDefinitions> = {
  [N in keyof D]: JobHandler<PayloadOf<D[N]>>;
};

export interface EnqueueOptions {
  /** Deterministic id (no `:`): enqueueing an id that already exists, in any state, is a no-op. */
  jobId?: string;
  /** The instant the job becomes due; omitted or past means now. */
  runAt?: Date;
}

export interface BulkJob<P> {
  payload: P;
  opts?: EnqueueOptions;
}

export interface EnqueueResult {
  id: string;
  created: boolean;
}

export const JOB_STATES = ["waiting", "delayed", "active", "completed", "failed"] as const;
export type JobStateName = (typeof JOB_STATES)[number];
export type QueueStats = Record<string, Record<JobStateName, number>>;

export interface FailedJob {
  id: string;
  queue: string;
  name: string;
  payload: Record<string, unknown>;
  attempts: number;
  error: string | null;
  failedAt: Date | null;
}

export interface StartOptions {
  /** Process only these queues (a worker dedicated to `access-codes`, say); all when omitted. */
  queues?: string[];
}

export interface JobQueue<D extends DefinitionMap = StaykeyDefinitions> {
  readonly driver: "bullmq" | "embedded";
  enqueue<N extends keyof D & string>(name: N, payload: PayloadOf<D[N]>, opts?: EnqueueOptions): Promise<EnqueueResult>;
  /**
   * Same as calling `enqueue` for each job in order (an existing id is a no-op, and of two equal ids in one call the
   * first wins), but in one statement or round trip for many jobs: a cold calendar sync enqueues ~70 at once. Every
   * payload and id is checked before anything is written, so one bad job rejects the whole call. Results are in input order.
   */
  enqueueMany<N extends keyof D & string>(name: N, jobs: ReadonlyArray<BulkJob<PayloadOf<D[N]>>>): Promise<EnqueueResult[]>;
  /** Moves a job that has not started yet; returns false when there is no such pending job. */
  reschedule(name: keyof D & string, jobId: string, runAt: Date): Promise<boolean>;
  /** Removes a job that has not started yet; returns false when there was nothing to remove. */
  cancel(name: keyof D & string, jobId: string): Promise<boolean>;
  /**
   * Creates or updates a repeating job (the reconciler); safe to call at every start. A new schedule runs at once. The
   * calling process keeps it for as long as it runs: with Redis, a schedule lost with Redis's data (FLUSHALL, a restart
   * without persistence) is put back within the driver's check interval, and so runs at once again.
   */
  upsertSchedule<N extends keyof D & string>(scheduleId: string, name: N, payload: PayloadOf<D[N]>, opts: { everyMs: number }): Promise<void>;
  /** Starts processing. Producers (the API in BullMQ mode) never call it. */
  start(handlers: JobHandlers<D>, opts?: StartOptions): Promise<void>;
  /** Stops taking jobs, waits for running ones to finish, releases connections. */
  stop(): Promise<void>;
  stats(): Promise<QueueStats>;
  failed(limit?: number): Promise<FailedJob[]>;
  /** Per queue, the instant the longest-waiting due job (due, not started) became due; queues with none are absent. */
  oldestDue(): Promise<Record<string, Date>>;
  /** Whether the queue's store answers and the schedules this process keeps are in it (for `/readyz`). */
  health(): Promise<QueueHealth>;
}

export type QueueHealth = { ok: true } | { ok: false; check: "redis" | "schedules"; detail: string };
