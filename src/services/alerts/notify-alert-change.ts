import { eq } from "drizzle-orm";
import { alerts } from "../../db/schema";
import { jobIdFor, type JobKey } from "../../jobs/job-ids";
import { jobKeys } from "../../jobs/job-keys";
import type { AlertTransition } from "./alert-store";
import { policyOf } from "./alert-policy";
import { pendingNotice, type AlertRow, type PendingNotice } from "./pending-transition";
import type { ServiceDeps } from "../deps";

type NotifyDeps = Pick<ServiceDeps, "db" | "clock" | "logger" | "jobs" | "alertPolicy" | "events">;

/**
 * The `alerts.notify` job id for the notice an alert owes. Opening, escalation and resolution use the reconciler's
 * key (so the reconciler and the services name the same job); a reminder is named by the notice it follows.
 */
export function notifyJobKey(row: Pick<AlertRow, "id" | "status" | "severity">, notice: PendingNotice, lastNotifiedAt: Date | null): JobKey {
  if (notice.kind === "reminder") return { id: row.id, version: `reminder${lastNotifiedAt?.getTime() ?? 0}` };
  return jobKeys.alert(row);
}

/**
 * Call after the transaction that raised or resolved an alert has committed: tells the other capabilities an alert
 * opened or resolved (`alert.changed`), and enqueues the `alerts.notify` job for
 * whatever notice the alert now owes (none for a plain refresh inside the quiet period). Never throws: a lost
 * enqueue is repaired by the reconciler's `alertsToNotify`.
 */
export async function notifyAlertChange(deps: NotifyDeps, transition: AlertTransition | null): Promise<void> {
  if (!transition) return;
  if (transition.change === "opened" || transition.change === "resolved") await deps.events.emit({ type: "alert.changed", alertId: transition.alertId });
  const row = deps.db.select().from(alerts).where(eq(alerts.id, transition.alertId)).get();
  if (!row) return;
  const notice = pendingNotice(row, deps.clock.now(), policyOf(deps).quietPeriodMs);
  if (!notice) return;
  const jobId = jobIdFor("alerts.notify", notifyJobKey(row, notice, row.notifiedAt));
  try {
    await deps.jobs.enqueue("alerts.notify", { alertId: row.id }, { jobId });
  } catch (err) {
    deps.logger.warn({ alertId: row.id, err: (err as Error).message }, "could not enqueue alert notification; the reconciler will");
  }
}

export async function notifyAlertChanges(deps: NotifyDeps, transitions: ReadonlyArray<AlertTransition | null>): Promise<void> {
  for (const t of transitions) await notifyAlertChange(deps, t);
}
