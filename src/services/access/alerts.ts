import { raiseAlert, type Severity } from "../alerts/alert-store";
import { notifyAlertChange } from "../alerts/notify-alert-change";
import type { LockRow, ServiceDeps } from "../deps";

export type CodeAlertKind = "code_failed" | "slots_exhausted" | "unknown_code";

/** Raises (or refreshes) one alert about a lock's codes and asks for its notification when it is new or worse. */
export async function raiseCodeAlert(
  deps: ServiceDeps,
  lock: Pick<LockRow, "id" | "accountId" | "name">,
  alert: { kind: CodeAlertKind; severity: Severity; subjectType: string; subjectId: string; dedupeKey: string; title: string; detail?: string },
): Promise<string> {
  const t = raiseAlert(deps.db, deps.clock, { accountId: lock.accountId, ...alert });
  await notifyAlertChange(deps, t);
  return t.alertId;
}
