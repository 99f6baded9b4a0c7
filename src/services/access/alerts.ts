import { raiseAlert, type Severity } from "../alerts/alert-store";
import { notifyAlertChange } from "../alerts/notify-alert-change";
import type { LockRow, ServiceDeps } from "../deps";

export type CodeAlertKind = "code_failed" | "slots_exhausted" | "unknown_code";

/**
 * Every dedupe key the code lifecycle raises, each with the event that resolves it (`resolve-code-alerts.ts`), so a
 * raised alert is never left open once its trouble is over.
 */
export const codeAlertKeys = {
  /** A code the lock refused or that never made it on. Over when its holder has a working code on that lock, or needs none any more. */
  failed: (codeId: string) => `code_failed:${codeId}`,
  /** A code still on the lock after its end. Over when the lock reads back without it. */
  notRemoved: (codeId: string) => `code_not_removed:${codeId}`,
  /** A code's new dates could not be pushed to the lock. Over when the lock holds the record's window, or the code is gone. */
  window: (codeId: string) => `code_window:${codeId}`,
  /** No PIN could be planned for a stay on a lock. Over when a later plan finds one, or the stay needs no code. */
  plan: (stayId: string, lockId: string) => `code_plan:${stayId}:${lockId}`,
  /** A stay with no working code and no spare on a lock. Over when it has an active code there (its own or a spare), or needs none. */
  backupMissing: (stayId: string, lockId: string) => `backup_missing:${stayId}:${lockId}`,
  /** A slot lock without a slot for every code that needs one. Over when the planner finds one for each. */
  slotsExhausted: (lockId: string) => `slots_exhausted:${lockId}`,
  /** A code on the lock staykey did not create. Over when the lock no longer holds it. */
  unknownCode: (lockId: string, providerCodeId: string) => `unknown_code:${lockId}:${providerCodeId}`,
};

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
