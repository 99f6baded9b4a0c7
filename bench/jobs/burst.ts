import { AsyncLocalStorage } from "node:async_hooks";
import { Queue, Worker, type Job } from "bullmq";
import { Redis } from "ioredis";
import { BullmqJobQueue } from "../../src/jobs/bullmq/bullmq-queue";
import { defineJob, recordId } from "../../src/jobs/definitions";
import type { JobHandlers } from "../../src/jobs/port";
import { newId } from "../../src/lib/ids";
import { recordJobRun } from "../../src/lib/metrics";

/**
 * One burst in a process of its own (forked by run.ts), after a warm-up burst (WARM_JOBS): JOBS jobs due within one
 * second, LEAD_MS ahead so enqueueing finishes first, run by either staykey's BullMQ driver or a bare BullMQ Queue +
 * Worker (no-op processor, same concurrency, same due instants, added the same way). A fresh process per burst, so neither inherits the other's JIT
 * state, heap or async hooks (AsyncLocalStorage turns on promise hooks for the whole process once used).
 *
 * The bare worker can take staykey's pieces one by one (`extras`), so what each adds is measured apart:
 * - options: staykey's job options (attempts, exponential backoff, age-based retention of finished jobs);
 * - retry: only the attempts and backoff of those options (finished jobs removed, as the bare worker does);
 * - retention: only the age-based retention of completed jobs;
 * - dedupe: completed jobs removed, a BullMQ deduplication key (TTL: delay + 24 h) kept instead, so a second add of
 *   the id is still a no-op after the job ran;
 * - signal: a processor that takes BullMQ's AbortSignal (BullMQ then builds an AbortController per job);
 * - context: the job's log fields in AsyncLocalStorage around the handler;
 * - validation: the zod payload check;
 * - metrics: the prom-client counter and histogram of job runs.
 */
export const JOBS = Number(process.env.BENCH_JOBS ?? 10_000);
/**
 * Jobs each process runs, unmeasured, before the measured burst: 3,000 due over one second, 2 s ahead. The burst
 * stands for a midnight turnover, which a worker that has been up all day meets with its job path compiled. A fresh
 * process met it with V8 still interpreting: staykey's longer path (payload check, log context, metrics) started jobs
 * at 4-6k/s for the first ~300 ms against the bare worker's 6-12k, and every later job inherited that backlog. The
 * warm-up's own figures are printed too (BENCH_WARM_JOBS=0 measures a cold process).
 */
export const WARM_JOBS = Number(process.env.BENCH_WARM_JOBS ?? 3_000);
export const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const LEAD_MS = Number(process.env.BENCH_LEAD_MS ?? 12_000);
const ENQUEUE_PARALLEL = 200;

export const PIECES = ["options", "retry", "retention", "dedupe", "signal", "context", "validation", "metrics"] as const;
export type Piece = (typeof PIECES)[number];
export type BurstSpec = { driver: "staykey" } | { driver: "bare"; extras: Piece[] };

export interface BurstFigures {
  enqueuePerSecond: number;
  p50: number;
  p99: number;
  max: number;
  early: number;
  overran: boolean;
  /** Lateness of the job due first (the window's opening: no backlog yet) and the rate jobs started at, first to last. */
  firstDue: number;
  startsPerSecond: number;
  /** Where the slowest 1% sat: their due offsets into the window, and the main thread's GC pauses meanwhile. */
  tail: string;
  /** CPU of this process and of redis-server from the first job's start to the last one's, per job. */
  workerCpuUsPerJob: number;
  redisCpuUsPerJob: number;
  /** The same figures for the unmeasured warm-up burst of the same process. */
  warm?: BurstFigures;
}

const definitions = {
  "bench.tick": defineJob({ name: "bench.tick", queue: "bench", payload: { runId: recordId() }, attempts: 1, backoffMs: 1_000 }),
};
type BenchDefs = typeof definitions;

/** The same due instants for every burst: job i is due i/jobs of a second after the window opens. */
export function dueOffsetsMs(jobs = JOBS): number[] {
  return Array.from({ length: jobs }, (_, i) => Math.floor((i * 1000) / jobs));
}

/** What a burst measures, whichever worker runs it: call `started(runId)` first thing in the handler. */
class Meter {
  readonly due = new Map<string, number>();
  private readonly lateness: number[] = [];
  private readonly dueOffsets: number[] = [];
  windowStart = 0;
  private firstDueLateness = NaN;
  private firstStartAt = 0;
  private lastStartAt = 0;
  firstDueId = "";
  private cpuAtFirst: NodeJS.CpuUsage | undefined;
  private cpuTotal = 0;
  private redisAtFirst: Promise<number> | undefined;
  private redisAtLast: Promise<number> | undefined;
  private resolveDone: () => void = () => {};
  readonly done = new Promise<void>((r) => (this.resolveDone = r));

  constructor(
    private readonly admin: Redis,
    private readonly jobs: number,
  ) {}

  started(runId: string): void {
    const now = Date.now();
    if (this.lateness.length === 0) {
      this.cpuAtFirst = process.cpuUsage();
      this.redisAtFirst = redisCpuUs(this.admin);
      this.firstStartAt = now;
    }
    this.lastStartAt = now;
    const lateness = now - this.due.get(runId)!;
    if (runId === this.firstDueId) this.firstDueLateness = lateness;
    this.lateness.push(lateness);
    this.dueOffsets.push(now - lateness - this.windowStart);
  }

  /** After the handler (and, for the last job, once BullMQ has moved it on: the next tick). */
  finished(): void {
    if (this.lateness.length < this.jobs) return;
    setImmediate(() => {
      const cpu = process.cpuUsage(this.cpuAtFirst);
      this.cpuTotal = cpu.user + cpu.system;
      this.redisAtLast = redisCpuUs(this.admin);
      this.resolveDone();
    });
  }

  async figures(enqueueMs: number, overran: boolean): Promise<BurstFigures> {
    const sorted = [...this.lateness].sort((a, b) => a - b);
    const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
    return {
      enqueuePerSecond: Math.round(this.jobs / (enqueueMs / 1000)),
      p50: pct(50),
      p99: pct(99),
      max: sorted.at(-1)!,
      early: sorted.filter((l) => l < 0).length,
      overran,
      firstDue: this.firstDueLateness,
      tail: this.tail(),
      startsPerSecond: Math.round(this.jobs / (Math.max(1, this.lastStartAt - this.firstStartAt) / 1000)),
      workerCpuUsPerJob: this.cpuTotal / this.jobs,
      redisCpuUsPerJob: ((await this.redisAtLast!) - (await this.redisAtFirst!)) / this.jobs,
    };
  }

  /** The due offsets (ms into the window) of the 1% latest jobs, and the GC pauses between the first start and the last. */
  private tail(): string {
    const order = this.lateness.map((_, i) => i).sort((a, b) => this.lateness[b]! - this.lateness[a]!);
    const slowest = order.slice(0, Math.max(1, Math.ceil(this.jobs / 100))).map((i) => this.dueOffsets[i]!);
    const pauses = gcPauses.filter((p) => p.at >= this.firstStartAt && p.at <= this.lastStartAt);
    const longest = pauses.reduce((m, p) => Math.max(m, p.ms), 0);
    const total = pauses.reduce((m, p) => m + p.ms, 0);
    return (
      `slowest 1% due at ${Math.min(...slowest)}–${Math.max(...slowest)} ms; ` +
      `gc ${pauses.length} pauses ${total.toFixed(1)} ms, longest ${longest.toFixed(1)} ms`
    );
  }
}

/** The main thread's GC pauses (epoch ms), for the tail line. */
const gcPauses: Array<{ at: number; ms: number }> = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcPauses.push({ at: performance.timeOrigin + e.startTime, ms: e.duration });
}).observe({ entryTypes: ["gc"] });

async function redisCpuUs(admin: Redis): Promise<number> {
  const info = await admin.info("cpu");
  const field = (name: string) => Number(new RegExp(`^${name}:([0-9.]+)`, "m").exec(info)?.[1] ?? "0");
  return (field("used_cpu_user") + field("used_cpu_sys")) * 1e6;
}

/** The meter the handlers report to: the warm-up's, then the measured burst's. */
interface MeterSlot {
  current: Meter;
}

type Add = (runId: string, at: number) => Promise<unknown>;

/** The warm-up burst (its figures kept apart), then the measured one, through the same worker. */
async function warmThenMeasure(admin: Redis, slot: MeterSlot, add: Add): Promise<BurstFigures> {
  let warm: BurstFigures | undefined;
  if (WARM_JOBS > 0) {
    slot.current = new Meter(admin, WARM_JOBS);
    warm = await runBurst(slot.current, WARM_JOBS, 2_000, add);
  }
  slot.current = new Meter(admin, JOBS);
  return { ...(await runBurst(slot.current, JOBS, LEAD_MS, add)), ...(warm ? { warm } : {}) };
}

/** Enqueues every job (ENQUEUE_PARALLEL at a time, like callers that each enqueue one), then waits for the last. */
async function runBurst(meter: Meter, count: number, leadMs: number, add: Add): Promise<BurstFigures> {
  const windowStart = Date.now() + leadMs;
  const jobs = dueOffsetsMs(count).map((offset) => ({ runId: newId("job"), at: windowStart + offset }));
  for (const j of jobs) meter.due.set(j.runId, j.at);
  meter.firstDueId = jobs[0]!.runId;
  meter.windowStart = windowStart;
  const t0 = performance.now();
  for (let i = 0; i < jobs.length; i += ENQUEUE_PARALLEL) await Promise.all(jobs.slice(i, i + ENQUEUE_PARALLEL).map((j) => add(j.runId, j.at)));
  const enqueueMs = performance.now() - t0;
  const overran = Date.now() > windowStart;
  await meter.done;
  return meter.figures(enqueueMs, overran);
}

async function staykeyBurst(url: string, admin: Redis, slot: MeterSlot): Promise<BurstFigures> {
  const queue = new BullmqJobQueue({ url, definitions, queueConfigs: { bench: { concurrency: CONCURRENCY } }, prefix: `bench-${newId("job")}` });
  const handlers: JobHandlers<BenchDefs> = {
    "bench.tick": async ({ runId }) => {
      slot.current.started(runId);
      slot.current.finished();
    },
  };
  await queue.start(handlers);
  try {
    return await warmThenMeasure(admin, slot, (runId, at) => queue.enqueue("bench.tick", { runId }, { jobId: `tick_${runId}`, runAt: new Date(at) }));
  } finally {
    await queue.stop();
  }
}

async function bareBurst(url: string, admin: Redis, slot: MeterSlot, extras: Piece[]): Promise<BurstFigures> {
  const { hostname, port } = new URL(url);
  const connection = { host: hostname, port: Number(port), maxRetriesPerRequest: null };
  const name = `bare-${newId("job")}`;
  const queue = new Queue(name, { connection });
  const has = (piece: Piece) => extras.includes(piece);
  const retry = { attempts: 1, backoff: { type: "exponential", delay: 1_000 }, removeOnFail: { age: 7 * 24 * 3600 } };
  const jobOptions = {
    removeOnComplete: has("options") || has("retention") ? { age: 24 * 3600 } : true,
    ...(has("options") || has("retry") ? retry : {}),
  };
  const schema = definitions["bench.tick"].schema;
  const context = new AsyncLocalStorage<Record<string, unknown>>();
  const body = async (job: Job) => {
    const { runId } = has("validation") ? schema.parse(job.data) : (job.data as { runId: string });
    slot.current.started(runId);
    if (has("metrics")) recordJobRun({ queue: "bench", job: "bench.tick", outcome: "completed" }, 0.000_1);
    slot.current.finished();
  };
  const run = (job: Job) => (has("context") ? context.run({ job: job.name, jobId: job.id }, () => body(job)) : body(job));
  const processor = has("signal") ? (job: Job, _token?: string, _signal?: AbortSignal) => run(job) : (job: Job) => run(job);
  const worker = new Worker(name, processor, { connection, concurrency: CONCURRENCY });
  await worker.waitUntilReady();
  try {
    return await warmThenMeasure(admin, slot, (runId, at) => {
      const delay = Math.max(0, at - Date.now());
      const dedupe = has("dedupe") ? { deduplication: { id: `tick_${runId}`, ttl: delay + 24 * 3600_000 } } : {};
      return queue.add("bench.tick", { runId }, { jobId: `tick_${runId}`, delay, ...jobOptions, ...dedupe });
    });
  } finally {
    await worker.close();
    await queue.close();
  }
}

export async function burst(url: string, spec: BurstSpec): Promise<BurstFigures> {
  const admin = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    const slot: MeterSlot = { current: new Meter(admin, JOBS) };
    return spec.driver === "staykey" ? await staykeyBurst(url, admin, slot) : await bareBurst(url, admin, slot, spec.extras);
  } finally {
    admin.disconnect();
  }
}

// Forked by run.ts: one burst, figures back over IPC.
if (process.send && process.argv[2] === "--burst") {
  const figures = await burst(process.argv[3]!, JSON.parse(process.argv[4]!) as BurstSpec);
  process.send(figures, () => process.exit(0));
}
