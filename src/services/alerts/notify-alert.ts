import { eq } from "drizzle-orm";
import { alerts } from "../../db/schema";
import { jobIdFor } from "../../jobs/job-ids";
import { policyOf } from "./alert-policy";
import { pendingNotice } from "./pending-transition";
import type { ServiceDeps } from "../deps";

/**
 * The `alerts.notify` processor. It sends nothing itself: it hands the account's notices to one `alerts.digest` job
 * at the end of the current window (deterministic id per account and window), where every notice owed by then goes
 * out together. A lone alert waits at most one window (2 minutes); a burst of 200 becomes one message, not 200.
 */
export async function notifyAlert(deps: Pick<ServiceDeps, "db" | "clock" | "jobs" | "alertPolicy">, alertId: string): Promise<{ flushAt: Date } | null> {
  const row = deps.db.select().from(alerts).where(eq(alerts.id, alertId)).get();
  if (!row) return null;
  const policy = policyOf(deps);
  const now = deps.clock.now();
  if (!pendingNotice(row, now, policy.quietPeriodMs)) return null;
  const flushAt = digestWindowEnd(now, policy.digestWindowMs);
  await deps.jobs.enqueue("alerts.digest", { accountId: row.accountId }, { jobId: jobIdFor("alerts.digest", { id: row.accountId, version: flushAt }), runAt: flushAt });
  return { flushAt };
}

/** Windows are fixed and aligned to the epoch, so every notify job of one burst names the same digest job. */
export function digestWindowEnd(now: Date, windowMs: number): Date {
  return new Date((Math.floor(now.getTime() / windowMs) + 1) * windowMs);
}
