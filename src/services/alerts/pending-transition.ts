import type { AlertRow } from "../../db/rows";

export type { AlertRow };
export type NoticeKind = "opened" | "escalated" | "reminder" | "resolved";

export interface PendingNotice {
  kind: NoticeKind;
  /**
   * Names this one notice for ever: message idempotency keys are built from it, so a re-run, a duplicate job or a
   * second worker can never send it twice. A reminder is named by the notice it follows.
   */
  key: string;
}

/**
 * The notice an alert owes the host right now, or null. Pure: the row records what was last sent (`notifiedAt`,
 * `notifiedSeverity`, `resolutionNotifiedAt`), so "what is owed" is a function of the row and the time.
 */
export function pendingNotice(row: AlertRow, now: Date, quietPeriodMs: number): PendingNotice | null {
  if (row.status === "resolved") {
    // An alert that opened and cleared before anyone was told needs no "all clear" either.
    if (!row.notifiedAt || row.resolutionNotifiedAt) return null;
    return { kind: "resolved", key: `alert:${row.id}:resolved:${row.severity}` };
  }
  if (!row.notifiedAt) return { kind: "opened", key: `alert:${row.id}:opened:${row.severity}` };
  if (row.notifiedSeverity !== row.severity) return { kind: "escalated", key: `alert:${row.id}:escalated:${row.severity}` };
  if (!row.acknowledgedAt && now.getTime() - row.notifiedAt.getTime() >= quietPeriodMs) {
    return { kind: "reminder", key: `alert:${row.id}:reminder-${row.notifiedAt.getTime()}:${row.severity}` };
  }
  return null;
}
