import { jobIdFor } from "../../jobs/job-ids";
import { jobKeys } from "../../jobs/job-keys";
import { raiseAlert, type Severity } from "../alerts/alert-store";
import type { LockRow, ServiceDeps } from "../deps";

export type CodeAlertKind = "code_failed" | "slots_exhausted" | "unknown_code";

/** Raises (or refreshes) one alert about a lock's codes and asks for its notification when it is new or worse. */
export async function raiseCodeAlert(
  deps: ServiceDeps,
  lock: Pick<LockRow, "id" | "accountId" | "name">,
  alert: { kind: CodeAlertKind; severity: Severity; subjectType: string; subjectId: string; dedupeKey: string; title: string; detail?: string },
): Promise<string> {
  const t = raiseAlert(deps.db, deps.clock, { accountId: lock.accountId, ...alert });
  if (t.change === "opened" || t.change === "escalated") {
    const key = jobKeys.alert({ id: t.alertId, status: "open", severity: alert.severity });
    await deps.jobs.enqueue("alerts.notify", { alertId: t.alertId }, { jobId: jobIdFor("alerts.notify", key) }).catch(() => {
      deps.logger.warn({ alertId: t.alertId, lockId: lock.id }, "could not enqueue alert notification; the reconciler will");
    });
  }
  return t.alertId;
}
