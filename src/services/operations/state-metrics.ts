import { statSync } from "node:fs";
import { Gauge, Registry } from "prom-client";
import { count, eq, isNull } from "drizzle-orm";
import { accessCodes, alerts, locks, messages } from "../../db/schema";
import type { ServiceDeps } from "../deps";
import type { RelayPullerStatus } from "../relay";

export interface StateMetricsSources {
  relay?: () => RelayPullerStatus;
}

/** A queue that does not answer (Redis away) must not hang the scrape: its gauges are left out for this scrape. */
const QUEUE_READ_TIMEOUT_MS = 2_000;

/**
 * Gauges read from the database and the queue at scrape time: codes by state and provider, messages by channel and
 * state, open alerts by kind, job counts, lateness and failures per queue (either driver), the reader-thread pool and
 * the SQLite file sizes. These are the same for every process that shares the database, so any one of them may serve
 * them; counters of work done (processMetrics) are per process.
 */
export function stateMetrics(deps: Pick<ServiceDeps, "db" | "clock" | "jobs" | "feedReader">, sources: StateMetricsSources = {}): Registry {
  const registry = new Registry();
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[], collect: (g: Gauge<L>) => void | Promise<void>) =>
    new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        this.reset();
        await collect(this);
      },
    });

  gauge("staykey_access_codes", "Access codes by state and lock provider", ["state", "provider"], (g) => {
    const rows = deps.db
      .select({ state: accessCodes.state, provider: locks.provider, n: count() })
      .from(accessCodes)
      .innerJoin(locks, eq(locks.id, accessCodes.lockId))
      .groupBy(accessCodes.state, locks.provider)
      .all();
    for (const r of rows) g.set({ state: r.state, provider: r.provider }, r.n);
  });
  gauge("staykey_messages", "Messages by channel and state", ["channel", "state"], (g) => {
    const rows = deps.db.select({ channel: messages.channel, state: messages.status, n: count() }).from(messages).groupBy(messages.channel, messages.status).all();
    for (const r of rows) g.set({ channel: r.channel, state: r.state }, r.n);
  });
  gauge("staykey_alerts_open", "Open (unresolved) alerts by kind", ["kind"], (g) => {
    const rows = deps.db.select({ kind: alerts.kind, n: count() }).from(alerts).where(isNull(alerts.resolvedAt)).groupBy(alerts.kind).all();
    for (const r of rows) g.set({ kind: r.kind }, r.n);
  });

  gauge("staykey_jobs", "Jobs per queue and state (waiting, delayed, active, completed, failed), from the queue itself", ["queue", "state"], async (g) => {
    const stats = await withTimeout(deps.jobs.stats());
    for (const [queue, states] of Object.entries(stats ?? {})) for (const [state, n] of Object.entries(states)) g.set({ queue, state }, n);
  });
  gauge("staykey_job_queue_lateness_seconds", "Per queue, how long the longest-waiting due job has been due without starting (0: none waiting)", ["queue"], async (g) => {
    const oldest = await withTimeout(deps.jobs.oldestDue());
    if (!oldest) return;
    const now = deps.clock.now().getTime();
    const stats = (await withTimeout(deps.jobs.stats())) ?? {};
    for (const queue of new Set([...Object.keys(stats), ...Object.keys(oldest)])) {
      const due = oldest[queue];
      g.set({ queue }, due ? Math.max(0, (now - due.getTime()) / 1000) : 0);
    }
  });

  gauge("staykey_feed_reader_threads", "Calendar reader threads by state (configured, running, busy) and reads in flight or waiting", ["state"], (g) => {
    const state = deps.feedReader?.state?.();
    if (!state) return;
    g.set({ state: "configured" }, state.threads);
    g.set({ state: "running" }, state.running);
    g.set({ state: "busy" }, state.busy);
    g.set({ state: "reads_in_flight" }, state.inFlight);
    g.set({ state: "reads_waiting" }, state.waiting);
    g.set({ state: "replaced" }, state.replaced);
    g.set({ state: "inline_fallback" }, state.inline ? 1 : 0);
  });

  gauge("staykey_sqlite_bytes", "Size of the SQLite database file and its write-ahead log", ["file"], (g) => {
    const file = deps.db.$client.name;
    if (file === ":memory:" || file === "") return;
    g.set({ file: "database" }, sizeOf(file));
    g.set({ file: "wal" }, sizeOf(`${file}-wal`));
  });

  if (sources.relay) {
    const relay = sources.relay;
    gauge("staykey_relay_last_pull_age_seconds", "Seconds since the last completed pull from the edge relay (-1: none yet)", [], (g) => {
      const { lastPullAt } = relay();
      g.set(lastPullAt ? (deps.clock.now().getTime() - lastPullAt.getTime()) / 1000 : -1);
    });
    gauge("staykey_relay_pull_failures", "Relay pulls that failed in a row", [], (g) => g.set(relay().consecutiveFailures));
  }
  return registry;
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

async function withTimeout<T>(promise: Promise<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), QUEUE_READ_TIMEOUT_MS)));
  try {
    return await Promise.race([promise, timeout]);
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}
