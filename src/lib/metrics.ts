import { Counter, Histogram, Registry, collectDefaultMetrics, type Metric } from "prom-client";

/**
 * What this process counts as it works (requests, syncs, lock calls, jobs), in one registry per process: Prometheus
 * scrapes each process, so counters belong to the process that did the work. Gauges read from the database and the
 * queue at scrape time live beside the service that reads them (services/operations/state-metrics).
 *
 * Labels are bounded sets only (route patterns, outcomes, provider kinds, queue and job names): never an id, a path
 * with an id in it, or anything a caller chose.
 */
export const processMetrics = new Registry();
collectDefaultMetrics({ register: processMetrics, prefix: "staykey_" });

const seconds = (from: number) => (performance.now() - from) / 1000;
/** Fast calls (API reads) to slow ones (a lock write over Z-Wave, a big calendar): 5 ms to 60 s. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) => new Counter<L>({ name, help, labelNames, registers: [processMetrics] });
const histogram = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
  new Histogram<L>({ name, help, labelNames, buckets: LATENCY_BUCKETS, registers: [processMetrics] });

const httpRequests = counter("staykey_http_requests_total", "HTTP requests answered, by method, route pattern and status", ["method", "route", "status"]);
const httpDuration = histogram("staykey_http_request_duration_seconds", "HTTP request latency, by method, route pattern and status", ["method", "route", "status"]);
const feedSyncs = counter("staykey_feed_syncs_total", "Calendar syncs, by outcome (changed, unchanged, failed, skipped)", ["outcome"]);
const feedSyncDuration = histogram("staykey_feed_sync_duration_seconds", "Calendar sync duration (fetch, parse, reconcile, commit), by outcome", ["outcome"]);
const lockCalls = counter("staykey_lock_provider_calls_total", "Calls to lock providers, by provider, action and outcome (ok or the provider error kind)", ["provider", "action", "outcome"]);
const lockCallDuration = histogram("staykey_lock_provider_call_duration_seconds", "Lock provider call latency, by provider and action", ["provider", "action"]);

/** Starts timing; the returned function records the observation once. */
export function timeHttpRequest(): (labels: { method: string; route: string; status: number }) => void {
  const started = performance.now();
  return ({ method, route, status }) => {
    const labels = { method, route, status: String(status) };
    httpRequests.inc(labels);
    httpDuration.observe(labels, seconds(started));
  };
}

export function recordFeedSync(outcome: string, durationSeconds: number): void {
  feedSyncs.inc({ outcome });
  feedSyncDuration.observe({ outcome }, durationSeconds);
}

export function recordLockCall(call: { provider: string; action: string; status: string; ms: number }): void {
  lockCalls.inc({ provider: call.provider, action: call.action, outcome: call.status });
  lockCallDuration.observe({ provider: call.provider, action: call.action }, call.ms / 1000);
}

export type JobOutcome = "completed" | "retried" | "failed";

/**
 * One job name's runs in this process, counted in plain numbers. A BullMQ worker runs thousands of jobs a second;
 * prom-client's inc() and observe() build and check a label key on every call (~3 µs a job, measured), so runs are
 * added here and handed to prom-client only when /metrics is read (the counter's collect(), the histogram's get()).
 */
export class JobRunTally {
  completed = 0;
  retried = 0;
  failed = 0;
  /** Runs per latency bucket (not cumulative), the last slot for runs beyond the largest bucket. */
  readonly buckets = new Array<number>(LATENCY_BUCKETS.length + 1).fill(0);
  sum = 0;
  count = 0;

  constructor(
    readonly queue: string,
    readonly job: string,
  ) {}

  record(outcome: JobOutcome, durationSeconds: number): void {
    this[outcome]++;
    let i = 0;
    while (i < LATENCY_BUCKETS.length && durationSeconds > LATENCY_BUCKETS[i]!) i++;
    this.buckets[i]!++;
    this.sum += durationSeconds;
    this.count++;
  }

  reset(): void {
    this.completed = this.retried = this.failed = this.sum = this.count = 0;
    this.buckets.fill(0);
  }
}

const jobTallies = new Map<string, JobRunTally>();

/** The tally of one job name (made on first use; job names are a bounded set). */
export function jobRunTally(queue: string, job: string): JobRunTally {
  let tally = jobTallies.get(job);
  if (!tally) {
    tally = new JobRunTally(queue, job);
    jobTallies.set(job, tally);
  }
  return tally;
}

export function recordJobRun(labels: { queue: string; job: string; outcome: JobOutcome }, durationSeconds: number): void {
  jobRunTally(labels.queue, labels.job).record(labels.outcome, durationSeconds);
}

new Counter({
  name: "staykey_jobs_processed_total",
  help: "Jobs this process ran, by queue, job and outcome (completed, retried, failed)",
  labelNames: ["queue", "job", "outcome"],
  registers: [processMetrics],
  collect() {
    this.reset();
    for (const t of jobTallies.values()) {
      for (const outcome of ["completed", "retried", "failed"] as const) {
        if (t[outcome] > 0) this.inc({ queue: t.queue, job: t.job, outcome }, t[outcome]);
      }
    }
  },
});

/**
 * The job run time histogram, read from the tallies. prom-client's Histogram has no way to be handed bucket counts
 * (only observe(), one run at a time), so this metric answers get() itself, in the shape Histogram.get() has.
 */
const jobDuration = {
  name: "staykey_job_duration_seconds",
  help: "Job run time in this process, by queue and job",
  type: "histogram",
  aggregator: "sum",
  reset: () => jobTallies.forEach((t) => t.reset()),
  get: async () => ({
    name: jobDuration.name,
    help: jobDuration.help,
    type: jobDuration.type,
    aggregator: jobDuration.aggregator,
    values: [...jobTallies.values()].flatMap((t) => {
      const labels = { queue: t.queue, job: t.job };
      let cumulative = 0;
      const buckets = LATENCY_BUCKETS.map((le, i) => {
        cumulative += t.buckets[i]!;
        return { metricName: `${jobDuration.name}_bucket`, labels: { ...labels, le }, value: cumulative };
      });
      return [
        ...buckets,
        { metricName: `${jobDuration.name}_bucket`, labels: { ...labels, le: "+Inf" }, value: t.count },
        { metricName: `${jobDuration.name}_sum`, labels, value: t.sum },
        { metricName: `${jobDuration.name}_count`, labels, value: t.count },
      ];
    }),
  }),
};
processMetrics.registerMetric(jobDuration as unknown as Metric);
