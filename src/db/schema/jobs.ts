import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt, instant, json, updatedAt } from "./columns";

/** The embedded job driver's queue: due jobs are claimed with a lease so a crash re-runs them. */
export const jobs = sqliteTable(
  "jobs",
  {
    id: text("id").primaryKey(),
    queue: text("queue").notNull(),
    name: text("name").notNull(),
    payload: json<Record<string, unknown>>("payload").notNull(),
    state: text("state", { enum: ["waiting", "active", "completed", "failed"] }).notNull().default("waiting"),
    runAt: instant("run_at").notNull(),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull(),
    backoffMs: integer("backoff_ms").notNull(),
    leaseUntil: instant("lease_until"),
    leaseOwner: text("lease_owner"),
    lastError: text("last_error"),
    finishedAt: instant("finished_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("jobs_due_idx").on(t.state, t.runAt), index("jobs_queue_idx").on(t.queue, t.state)],
);

/**
 * Every process that runs jobs (a worker, or serve with the embedded runner) writes its row every few seconds, so
 * `/readyz` can tell whether each queue has a live worker and an operator can see which processes are up. Rows of
 * processes that stopped are removed on a clean stop and ignored (then pruned) once stale.
 */
export const processHeartbeats = sqliteTable(
  "process_heartbeats",
  {
    id: text("id").primaryKey(),
    role: text("role", { enum: ["serve", "worker"] }).notNull(),
    /** The queues this process takes jobs from; empty for a process that only enqueues. */
    queues: json<string[]>("queues").notNull(),
    host: text("host").notNull(),
    pid: integer("pid").notNull(),
    startedAt: instant("started_at").notNull(),
    beatAt: instant("beat_at").notNull(),
  },
  (t) => [index("process_heartbeats_beat_idx").on(t.beatAt)],
);
