import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

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
const jobsRun = counter("staykey_jobs_processed_total", "Jobs this process ran, by queue, job and outcome (completed, retried, failed)", ["queue", "job", "outcome"]);
const jobDuration = histogram("staykey_job_duration_seconds", "Job run time in this process, by queue and job", ["queue", "job"]);

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

export function recordJobRun(labels: { queue: string; job: string; outcome: "completed" | "retried" | "failed" }, durationSeconds: number): void {
  jobsRun.inc(labels);
  jobDuration.observe({ queue: labels.queue, job: labels.job }, durationSeconds);
}
