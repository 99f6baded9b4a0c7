import { Registry } from "prom-client";
import { processMetrics } from "../../lib/metrics";
import type { ServiceDeps } from "../deps";
import type { ReadinessSources } from "./readiness";
import { stateMetrics } from "./state-metrics";

export { checkReadiness, type Readiness, type ReadinessSources, type CheckName } from "./readiness";
export { backupDatabase, BackupError, type BackupResult } from "./backup";
export { restoreDatabase, type RestoreResult } from "./restore";
export { startScheduledBackups, backupFileName, type ScheduledBackups } from "./scheduled-backups";
export { startProcessHeartbeat, liveProcesses, type ProcessHeartbeat } from "./process-heartbeat";

/** What `/metrics` serves: this process's counters and the shared state gauges, in Prometheus text format. */
export function metricsScraper(deps: Pick<ServiceDeps, "db" | "clock" | "jobs" | "feedReader">, sources: ReadinessSources) {
  // Sources are read at scrape time: serve fills in the relay puller after the app exists.
  const state = stateMetrics(deps, { relay: () => sources.relay!() });
  const withoutRelay = stateMetrics(deps);
  return async (): Promise<{ contentType: string; text: string }> => {
    const merged = Registry.merge([processMetrics, sources.relay ? state : withoutRelay]);
    return { contentType: merged.contentType, text: await merged.metrics() };
  };
}

/**
 * What a worker's metrics listener serves: this process's counters only (jobs run, provider calls, syncs). The state
 * gauges read the database and the queues, which every process sees alike; serve already exports them once.
 */
export function processMetricsScraper() {
  return async (): Promise<{ contentType: string; text: string }> => ({ contentType: processMetrics.contentType, text: await processMetrics.metrics() });
}
