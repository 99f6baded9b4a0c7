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
