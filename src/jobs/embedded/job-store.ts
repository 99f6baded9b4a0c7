import type Database from "better-sqlite3";
import type { FailedJob, JobStateName, QueueStats } from "../port";

export interface JobRow {
  id: string;
  queue: string;
  name: string;
  payload: string;
  attempts: number;
  max_attempts: number;
  backoff_ms: number;
}

export interface NewJobRow {
  id: string;
  queue: string;
  name: string;
  payload: Record<string, unknown>;
  runAt: number;
  maxAttempts: number;
  backoffMs: number;
}

/** Rows per multi-row INSERT: 9 parameters a row, so 64 rows stay far under SQLite's parameter limit. */
const INSERT_CHUNK = 64;
const NEW_JOB_TUPLE = "(?, ?, ?, ?, 'waiting', ?, 0, ?, ?, ?, ?)";

/**
 * Every SQL statement of the embedded driver. Raw prepared statements rather than drizzle queries: the runner claims
 * and finishes thousands of jobs a second, and `UPDATE … RETURNING` is what makes a claim atomic across processes
 * sharing the file.
 */
export class JobStore {
  private readonly s;
  /** Multi-row inserts by row count: one per chunk size ever used, prepared on first use. */
  private readonly insertManyBySize = new Map<number, Database.Statement>();

  constructor(private readonly sqlite: Database.Database) {
    this.s = {
      insert: sqlite.prepare(
        `INSERT INTO jobs (id, queue, name, payload, state, run_at, attempts, max_attempts, backoff_ms, created_at, updated_at)
         VALUES (@id, @queue, @name, @payload, 'waiting', @runAt, 0, @maxAttempts, @backoffMs, @now, @now) ON CONFLICT(id) DO NOTHING`,
      ),
      // A schedule's single row cycles: a finished (or never started) row is re-armed, a pending one keeps its turn.
      upsertSchedule: sqlite.prepare(
        `INSERT INTO jobs (id, queue, name, payload, state, run_at, attempts, max_attempts, backoff_ms, created_at, updated_at)
         VALUES (@id, @queue, @name, @payload, 'waiting', @runAt, 0, @maxAttempts, @backoffMs, @now, @now)
         ON CONFLICT(id) DO UPDATE SET payload = excluded.payload, updated_at = excluded.updated_at,
           run_at = CASE WHEN state = 'waiting' THEN min(run_at, excluded.run_at + 0) ELSE excluded.run_at END,
           attempts = CASE WHEN state = 'active' THEN attempts ELSE 0 END,
           state = CASE WHEN state = 'active' THEN 'active' ELSE 'waiting' END`,
      ),
      reschedule: sqlite.prepare(`UPDATE jobs SET run_at = ?, updated_at = ? WHERE id = ? AND name = ? AND state = 'waiting'`),
      cancel: sqlite.prepare(`DELETE FROM jobs WHERE id = ? AND name = ? AND state = 'waiting'`),
      claim: sqlite.prepare(
        `UPDATE jobs SET state = 'active', lease_owner = @owner, lease_until = @leaseUntil, attempts = attempts + 1, updated_at = @now
         WHERE id IN (SELECT id FROM jobs WHERE state = 'waiting' AND queue = @queue AND run_at <= @now ORDER BY run_at LIMIT @limit)
         RETURNING id, queue, name, payload, attempts, max_attempts, backoff_ms`,
      ),
      renew: sqlite.prepare(`UPDATE jobs SET lease_until = ? WHERE id = ? AND lease_owner = ? AND state = 'active'`),
      complete: sqlite.prepare(
        `UPDATE jobs SET state = 'completed', finished_at = @now, lease_owner = NULL, lease_until = NULL, last_error = NULL, updated_at = @now
         WHERE id = @id AND lease_owner = @owner`,
      ),
      retry: sqlite.prepare(
        `UPDATE jobs SET state = 'waiting', run_at = @runAt, lease_owner = NULL, lease_until = NULL, last_error = @error, updated_at = @now
         WHERE id = @id AND lease_owner = @owner`,
      ),
      rearm: sqlite.prepare(
        `UPDATE jobs SET state = 'waiting', run_at = @runAt, attempts = 0, lease_owner = NULL, lease_until = NULL, last_error = @error, updated_at = @now
         WHERE id = @id AND lease_owner = @owner`,
      ),
      fail: sqlite.prepare(
        `UPDATE jobs SET state = 'failed', finished_at = @now, lease_owner = NULL, lease_until = NULL, last_error = @error, updated_at = @now
         WHERE id = @id AND lease_owner = @owner`,
      ),
      // A crashed attempt counts: a job that kills its process every time must end up failed, not loop forever.
      reclaimRetry: sqlite.prepare(
        `UPDATE jobs SET state = 'waiting', run_at = @now, lease_owner = NULL, lease_until = NULL, last_error = 'lease expired', updated_at = @now
         WHERE state = 'active' AND lease_until < @now AND attempts < max_attempts`,
      ),
      reclaimFail: sqlite.prepare(
        `UPDATE jobs SET state = 'failed', finished_at = @now, lease_owner = NULL, lease_until = NULL, last_error = 'lease expired on the last attempt', updated_at = @now
         WHERE state = 'active' AND lease_until < @now AND attempts >= max_attempts`,
      ),
      nextWake: sqlite.prepare(
        // Only future instants: a due job whose queue is full is picked up when a slot frees, not by spinning.
        `SELECT min(t) AS t FROM (
           SELECT min(run_at) AS t FROM jobs WHERE state = 'waiting' AND run_at > @now AND queue IN (SELECT value FROM json_each(@queues))
           UNION ALL SELECT min(lease_until) FROM jobs WHERE state = 'active' AND lease_until >= @now)`,
      ),
      prune: sqlite.prepare(`DELETE FROM jobs WHERE (state = 'completed' AND finished_at < ?) OR (state = 'failed' AND finished_at < ?)`),
      stats: sqlite.prepare(
        `SELECT queue, CASE WHEN state = 'waiting' AND run_at > ? THEN 'delayed' ELSE state END AS s, count(*) AS n FROM jobs GROUP BY queue, s`,
      ),
      oldestDue: sqlite.prepare(`SELECT queue, min(run_at) AS t FROM jobs WHERE state = 'waiting' AND run_at <= ? GROUP BY queue`),
      failed: sqlite.prepare(
        `SELECT id, queue, name, payload, attempts, last_error, finished_at FROM jobs WHERE state = 'failed' ORDER BY finished_at DESC LIMIT ?`,
      ),
    };
  }

  inTransaction<T>(fn: () => T): T {
    return this.sqlite.transaction(fn)();
  }
  insert(job: NewJobRow, now: number): boolean {
    return this.s.insert.run({ ...job, payload: JSON.stringify(job.payload), now }).changes === 1;
  }
  /**
   * Inserts jobs through prepared multi-row statements (one statement step per chunk instead of per job) and returns
   * the ids it created; an existing id, or a repeat of one earlier in `jobs`, is skipped. Inside the caller's
   * transaction the chunks simply join it: a savepoint around them cost as much as the inserts saved, and jobs are
   * idempotent, so a chunk lost to an I/O error is re-created by the reconciler. Outside one, it is a single commit.
   */
  insertMany(jobs: readonly NewJobRow[], now: number): Set<string> {
    const created = new Set<string>();
    const insertAll = () => {
      for (let at = 0; at < jobs.length; at += INSERT_CHUNK) {
        const chunk = jobs.slice(at, at + INSERT_CHUNK);
        const values: unknown[] = [];
        for (const j of chunk) values.push(j.id, j.queue, j.name, JSON.stringify(j.payload), j.runAt, j.maxAttempts, j.backoffMs, now, now);
        for (const id of this.insertManyStatement(chunk.length).all(values) as string[]) created.add(id);
      }
    };
    if (this.sqlite.inTransaction) insertAll();
    else this.inTransaction(insertAll);
    return created;
  }
  upsertSchedule(job: NewJobRow, now: number): void {
    this.s.upsertSchedule.run({ ...job, payload: JSON.stringify(job.payload), now });
  }
  reschedule(name: string, id: string, runAt: number, now: number): boolean {
    return this.s.reschedule.run(runAt, now, id, name).changes === 1;
  }
  cancel(name: string, id: string): boolean {
    return this.s.cancel.run(id, name).changes === 1;
  }
  claim(queue: string, limit: number, owner: string, now: number, leaseMs: number): JobRow[] {
    return this.s.claim.all({ queue, limit, owner, now, leaseUntil: now + leaseMs }) as JobRow[];
  }
  renew(id: string, owner: string, leaseUntil: number): boolean {
    return this.s.renew.run(leaseUntil, id, owner).changes === 1;
  }
  complete(id: string, owner: string, now: number): boolean {
    return this.s.complete.run({ id, owner, now }).changes === 1;
  }
  retry(id: string, owner: string, runAt: number, error: string, now: number): boolean {
    return this.s.retry.run({ id, owner, runAt, error, now }).changes === 1;
  }
  /** A schedule's row goes back to waiting for its next turn with a fresh set of attempts. */
  rearm(id: string, owner: string, runAt: number, error: string | null, now: number): boolean {
    return this.s.rearm.run({ id, owner, runAt, error, now }).changes === 1;
  }
  fail(id: string, owner: string, error: string, now: number): boolean {
    return this.s.fail.run({ id, owner, error, now }).changes === 1;
  }
  reclaimExpired(now: number): number {
    return this.sqlite.transaction(() => this.s.reclaimFail.run({ now }).changes + this.s.reclaimRetry.run({ now }).changes)();
  }
  nextWakeAt(queues: string[], now: number): number | null {
    return (this.s.nextWake.get({ queues: JSON.stringify(queues), now }) as { t: number | null }).t;
  }
  prune(completedBefore: number, failedBefore: number): number {
    return this.s.prune.run(completedBefore, failedBefore).changes;
  }
  stats(now: number): QueueStats {
    const out: QueueStats = {};
    for (const r of this.s.stats.all(now) as { queue: string; s: JobStateName; n: number }[]) {
      out[r.queue] ??= { waiting: 0, delayed: 0, active: 0, completed: 0, failed: 0 };
      out[r.queue]![r.s] = r.n;
    }
    return out;
  }
  oldestDue(now: number): Record<string, Date> {
    const rows = this.s.oldestDue.all(now) as { queue: string; t: number }[];
    return Object.fromEntries(rows.map((r) => [r.queue, new Date(r.t)]));
  }
  failed(limit: number): FailedJob[] {
    const rows = this.s.failed.all(limit) as (Omit<JobRow, "max_attempts" | "backoff_ms"> & { last_error: string | null; finished_at: number | null })[];
    return rows.map((r) => ({
      id: r.id, queue: r.queue, name: r.name, payload: JSON.parse(r.payload) as Record<string, unknown>, attempts: r.attempts,
      error: r.last_error, failedAt: r.finished_at === null ? null : new Date(r.finished_at),
    }));
  }
  private insertManyStatement(rows: number): Database.Statement {
    let statement = this.insertManyBySize.get(rows);
    if (!statement) {
      statement = this.sqlite
        .prepare(
          `INSERT INTO jobs (id, queue, name, payload, state, run_at, attempts, max_attempts, backoff_ms, created_at, updated_at)
           VALUES ${Array.from({ length: rows }, () => NEW_JOB_TUPLE).join(", ")} ON CONFLICT(id) DO NOTHING RETURNING id`,
        )
        .pluck();
      this.insertManyBySize.set(rows, statement);
    }
    return statement;
  }
}
