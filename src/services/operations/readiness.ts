import { migrationStatus } from "../../db/client";
import { QUEUE_NAMES } from "../../jobs/queues";
import type { ServiceDeps } from "../deps";
import type { RelayPullerStatus } from "../relay";
import { liveProcesses, type ProcessHeartbeat } from "./process-heartbeat";

export type CheckName = "database" | "migrations" | "redis" | "schedules" | "workers" | "relay";
export type CheckResult = { ok: true; detail?: string } | { ok: false; detail: string };

export interface Readiness {
  ready: boolean;
  /** The checks that failed, in the order they ran. */
  failed: CheckName[];
  checks: Partial<Record<CheckName, CheckResult>>;
}

export interface ReadinessSources {
  /** This process's heartbeat: writing it is the database check (a real, committed write). */
  heartbeat?: ProcessHeartbeat;
  /** The edge relay puller's state, when this process runs one. */
  relay?: () => RelayPullerStatus;
}

/** A relay pull is a long poll (25 s); a minute past that without one finishing means the puller is stuck. */
const RELAY_SILENCE_MS = 90_000;

/**
 * Whether this process can do its work: the database takes writes and has this build's schema, the job queue (Redis
 * and its schedules, with BullMQ) answers, every queue has a live worker, and the edge relay is being pulled when it
 * is configured. Each failed check says what is wrong, so an operator (or a load balancer's log) knows where to look.
 */
export async function checkReadiness(deps: Pick<ServiceDeps, "db" | "clock" | "jobs" | "config">, sources: ReadinessSources = {}): Promise<Readiness> {
  const checks: Readiness["checks"] = {};
  checks.database = attempt(() => {
    if (sources.heartbeat) sources.heartbeat.beat();
    else if (!deps.db.$client.inTransaction) deps.db.$client.exec("BEGIN IMMEDIATE; ROLLBACK");
  }, "the database does not take writes");
  checks.migrations = checkMigrations(deps);
  if (deps.jobs.driver === "bullmq") {
    const health = await deps.jobs.health();
    if (health.ok) checks.redis = checks.schedules = { ok: true };
    else if (health.check === "redis") checks.redis = { ok: false, detail: health.detail };
    else {
      checks.redis = { ok: true };
      checks.schedules = { ok: false, detail: health.detail };
    }
  }
  checks.workers = checks.database.ok ? checkWorkers(deps) : { ok: false, detail: "not checked: the database check failed" };
  if (sources.relay) checks.relay = checkRelay(deps, sources.relay());
  const failed = (Object.keys(checks) as CheckName[]).filter((name) => !checks[name]!.ok);
  return { ready: failed.length === 0, failed, checks };
}

function attempt(fn: () => void, what: string): CheckResult {
  try {
    fn();
    return { ok: true };
  } catch (err) {
    return { ok: false, detail: `${what}: ${(err as Error).message}` };
  }
}

function checkMigrations(deps: Pick<ServiceDeps, "db">): CheckResult {
  try {
    const status = migrationStatus(deps.db.$client);
    if (status.newer > 0) return { ok: false, detail: `the database has ${status.newer} migration(s) newer than this build (a newer staykey migrated it)` };
    if (status.pending > 0) return { ok: false, detail: `${status.pending} migration(s) not applied; this build expects ${status.latestKnown}` };
    return { ok: true, detail: status.latestKnown };
  } catch (err) {
    return { ok: false, detail: `cannot read the applied migrations: ${(err as Error).message}` };
  }
}

function checkWorkers(deps: Pick<ServiceDeps, "db" | "clock">): CheckResult {
  const live = liveProcesses(deps);
  const covered = new Set(live.flatMap((p) => p.queues));
  const orphaned = QUEUE_NAMES.filter((q) => !covered.has(q));
  if (orphaned.length > 0) return { ok: false, detail: `no live worker takes jobs from ${orphaned.join(", ")}` };
  return { ok: true, detail: `${live.filter((p) => p.queues.length > 0).length} process(es) running jobs` };
}

function checkRelay(deps: Pick<ServiceDeps, "clock">, status: RelayPullerStatus): CheckResult {
  if (!status.running) return { ok: false, detail: "the relay puller is not running" };
  if (status.consecutiveFailures > 0) return { ok: false, detail: `the last ${status.consecutiveFailures} relay pull(s) failed` };
  if (status.lastPullAt && deps.clock.now().getTime() - status.lastPullAt.getTime() > RELAY_SILENCE_MS) {
    return { ok: false, detail: `no relay pull has finished since ${status.lastPullAt.toISOString()}` };
  }
  return { ok: true };
}
