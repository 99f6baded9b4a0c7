import type { Db } from "../db/client";
import type { JobName, JobPayload } from "./definitions";
import { jobIdFor, type JobKey } from "./job-ids";

export type DesiredJob = { [N in JobName]: { name: N; payload: JobPayload<N>; jobId: string; runAt: Date } }[JobName];

export interface SourceContext {
  db: Db;
  now: Date;
  /** Jobs due later than now + horizon are left to a later pass; the services enqueue those themselves. */
  until: Date;
}

/** One kind of record that should have a job: returns every job it wants to exist right now. */
export type ReconcileSource = (ctx: SourceContext) => DesiredJob[];

/**
 * What a capability registers with the reconciler (in runtime/, at composition time): its sources, by name, split by
 * who normally creates their jobs.
 */
export interface ReconcileSources {
  /**
   * Jobs a service enqueues itself when it changes a record: one the reconciler has to create was lost (Redis wiped,
   * an enqueue after commit failed), and is reported as missing.
   */
  repairs?: Record<string, ReconcileSource>;
  /**
   * Periodic sweeps and checks nothing but the reconciler schedules: a pass that creates one is doing its job, not
   * repairing a loss, so these are never reported as missing.
   */
  schedules?: Record<string, ReconcileSource>;
}

export const desiredJob = <N extends JobName>(name: N, payload: JobPayload<N>, key: JobKey, runAt: Date) =>
  ({ name, payload, jobId: jobIdFor(name, key), runAt }) as DesiredJob;

/** Every capability's sources as one set; two sources under one name would silently hide one, so that throws. */
export function combineSources(...sets: ReconcileSources[]): Required<ReconcileSources> {
  const all: Required<ReconcileSources> = { repairs: {}, schedules: {} };
  for (const set of sets) {
    for (const kind of ["repairs", "schedules"] as const) {
      for (const [name, source] of Object.entries(set[kind] ?? {})) {
        if (name in all.repairs || name in all.schedules) throw new Error(`two reconcile sources are named ${name}`);
        all[kind][name] = source;
      }
    }
  }
  return all;
}
