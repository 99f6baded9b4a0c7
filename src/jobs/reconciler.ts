import type { Db } from "../db/client";
import { systemClock, type Clock } from "../lib/clock";
import type { JobQueue } from "./port";
import { silentLogger, type JobLogger } from "./processor";
import { defaultSources, SCHEDULED_BY_RECONCILER, type DesiredJob, type ReconcileSource } from "./reconcile-sources";

export const RECONCILE_SCHEDULE_ID = "reconcile";
export const RECONCILE_EVERY_MS = 5 * 60_000;
// Big enough that a reconciler outage of hours loses nothing, small enough that Redis holds a day of work, not a year.
const DEFAULT_HORIZON_MS = 24 * 3600_000;
const ENQUEUE_BATCH = 100;

export interface ReconcileResult {
  desired: number;
  created: number;
  /** Every job this pass created, by job name, the reconciler's own periodic ones included. */
  createdByName: Record<string, number>;
  /**
   * The created jobs some code path should already have enqueued (Redis lost them, an enqueue after commit failed),
   * by job name: non-zero in steady state means some code path forgot to enqueue.
   */
  missingByName: Record<string, number>;
}

export interface Reconciler {
  run(): Promise<ReconcileResult>;
}

/**
 * The database is the source of truth for what should happen; the queue only holds reminders. Each pass asks every
 * source which jobs should exist and enqueues them all under their deterministic ids: existing ones are no-ops, so
 * only the missing ones (Redis wiped, a crash between commit and enqueue) come back.
 */
export function createReconciler(deps: {
  db: Db;
  queue: JobQueue;
  clock?: Clock;
  log?: JobLogger;
  sources?: Record<string, ReconcileSource>;
  horizonMs?: number;
}): Reconciler {
  const clock = deps.clock ?? systemClock;
  const log = deps.log ?? silentLogger;
  const sources = deps.sources ?? defaultSources;
  return {
    async run() {
      const now = clock.now();
      const ctx = { db: deps.db, now, until: new Date(now.getTime() + (deps.horizonMs ?? DEFAULT_HORIZON_MS)) };
      const wanted: DesiredJob[] = [];
      for (const [name, source] of Object.entries(sources)) {
        try {
          wanted.push(...source(ctx));
        } catch (err) {
          // One broken source must not stop the others from restoring their jobs.
          log.error({ source: name, err: err instanceof Error ? err.message : String(err) }, "reconcile source failed");
        }
      }
      const createdByName: Record<string, number> = {};
      const missingByName: Record<string, number> = {};
      let created = 0;
      let missing = 0;
      // One enqueueMany per job name and batch: with BullMQ that is one pipelined existence check and one addBulk
      // instead of two round trips per job, and most of what a pass asks for already exists.
      for (let i = 0; i < wanted.length; i += ENQUEUE_BATCH) {
        const byName = new Map<DesiredJob["name"], DesiredJob[]>();
        for (const job of wanted.slice(i, i + ENQUEUE_BATCH)) {
          const group = byName.get(job.name) ?? [];
          group.push(job);
          byName.set(job.name, group);
        }
        for (const [name, jobs] of byName) {
          const results = await deps.queue.enqueueMany(name, jobs.map((job) => ({ payload: job.payload as never, opts: { jobId: job.jobId, runAt: job.runAt } })));
          const made = results.filter((r) => r.created).length;
          if (made === 0) continue;
          created += made;
          createdByName[name] = (createdByName[name] ?? 0) + made;
          if (SCHEDULED_BY_RECONCILER.has(name)) continue;
          missing += made;
          missingByName[name] = (missingByName[name] ?? 0) + made;
        }
      }
      if (missing > 0) log.warn({ missing, missingByName }, "reconciler re-created missing jobs");
      if (created > missing) log.debug({ created: created - missing }, "reconciler scheduled periodic jobs");
      return { desired: wanted.length, created, createdByName, missingByName };
    },
  };
}

/** Registers the periodic reconcile job; call at every start (upsert is idempotent). */
export async function scheduleReconciler(queue: JobQueue, everyMs = RECONCILE_EVERY_MS): Promise<void> {
  await queue.upsertSchedule(RECONCILE_SCHEDULE_ID, "calendar-sync.reconcile", {}, { everyMs });
}
