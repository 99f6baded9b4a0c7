import type { Db } from "../db/client";
import { systemClock, type Clock } from "../lib/clock";
import type { JobHandlers, JobQueue } from "./port";
import { silentLogger, type JobLogger } from "./processor";
import type { DesiredJob, ReconcileSources } from "./reconcile-source";

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

type Wanted = DesiredJob & { scheduled: boolean };

/**
 * The database is the source of truth for what should happen; the queue only holds reminders. Each pass asks every
 * source which jobs should exist and enqueues them all under their deterministic ids: existing ones are no-ops, so
 * only the missing ones (Redis wiped, a crash between commit and enqueue) come back. The sources are the
 * capabilities' own (services/<capability>/reconcile-sources.ts), registered by the composition root.
 */
export function createReconciler(deps: {
  db: Db;
  queue: JobQueue;
  sources: ReconcileSources;
  clock?: Clock;
  log?: JobLogger;
  horizonMs?: number;
}): Reconciler {
  const clock = deps.clock ?? systemClock;
  const log = deps.log ?? silentLogger;
  const sources = [
    ...Object.entries(deps.sources.repairs ?? {}).map(([name, source]) => ({ name, source, scheduled: false })),
    ...Object.entries(deps.sources.schedules ?? {}).map(([name, source]) => ({ name, source, scheduled: true })),
  ];
  return {
    async run() {
      const now = clock.now();
      const ctx = { db: deps.db, now, until: new Date(now.getTime() + (deps.horizonMs ?? DEFAULT_HORIZON_MS)) };
      const wanted: Wanted[] = [];
      for (const { name, source, scheduled } of sources) {
        try {
          wanted.push(...source(ctx).map((job) => ({ ...job, scheduled })));
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
        const byName = new Map<string, Wanted[]>();
        for (const job of wanted.slice(i, i + ENQUEUE_BATCH)) {
          const group = `${job.name} ${job.scheduled}`;
          const list = byName.get(group) ?? [];
          list.push(job);
          byName.set(group, list);
        }
        for (const jobs of byName.values()) {
          const { name, scheduled } = jobs[0]!;
          const results = await deps.queue.enqueueMany(name, jobs.map((job) => ({ payload: job.payload as never, opts: { jobId: job.jobId, runAt: job.runAt } })));
          const made = results.filter((r) => r.created).length;
          if (made === 0) continue;
          created += made;
          createdByName[name] = (createdByName[name] ?? 0) + made;
          if (scheduled) continue;
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

/** The `calendar-sync.reconcile` processor: one pass of the reconciler. */
export function reconcileProcessor(reconciler: Reconciler): Pick<JobHandlers, "calendar-sync.reconcile"> {
  return {
    "calendar-sync.reconcile": async () => {
      await reconciler.run();
    },
  };
}

/** Registers the periodic reconcile job; call at every start (upsert is idempotent). */
export async function scheduleReconciler(queue: JobQueue, everyMs = RECONCILE_EVERY_MS): Promise<void> {
  await queue.upsertSchedule(RECONCILE_SCHEDULE_ID, "calendar-sync.reconcile", {}, { everyMs });
}
