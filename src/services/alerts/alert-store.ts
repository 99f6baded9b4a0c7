import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { preparedOnce } from "../../db/prepared-once";
import { alerts } from "../../db/schema";
import type { AlertKind, Severity } from "../../domain/alerts";
import type { Clock } from "../../lib/clock";
import { newId } from "../../lib/ids";

export type { Severity };
const RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

export interface AlertInput {
  accountId: string;
  kind: AlertKind;
  severity: Severity;
  subjectType: string;
  subjectId: string;
  /** One open alert per key, e.g. `battery:<lockId>`; the same condition raised again updates it instead of opening another. */
  dedupeKey: string;
  title: string;
  /** Shown to the host: never a PIN, phone number or feed URL. */
  detail?: string;
}

export type AlertTransition = { alertId: string; change: "opened" | "escalated" | "updated" | "resolved" };

/**
 * Opens, escalates or refreshes the one open alert for a dedupe key. The partial unique index on open alerts makes a
 * concurrent second open impossible; callers notify only on "opened" and "escalated".
 */
export function raiseAlert(db: Db, clock: Clock, input: AlertInput): AlertTransition {
  const now = clock.now();
  return db.transaction((tx) => {
    const open = tx
      .select()
      .from(alerts)
      .where(and(eq(alerts.accountId, input.accountId), eq(alerts.dedupeKey, input.dedupeKey), eq(alerts.status, "open")))
      .get();
    if (!open) {
      const id = newId("alrt");
      tx.insert(alerts).values({ ...input, id, status: "open", openedAt: now, createdAt: now, updatedAt: now }).run();
      return { alertId: id, change: "opened" as const };
    }
    const escalated = RANK[input.severity] > RANK[open.severity];
    tx.update(alerts)
      .set({
        kind: input.kind,
        severity: escalated ? input.severity : open.severity,
        title: input.title,
        detail: input.detail ?? open.detail,
        updatedAt: now,
        // An escalation needs the host's attention again even if they acknowledged the milder alert.
        ...(escalated ? { acknowledgedAt: null, acknowledgedBy: null } : {}),
      })
      .where(eq(alerts.id, open.id))
      .run();
    return { alertId: open.id, change: escalated ? ("escalated" as const) : ("updated" as const) };
  });
}

/** Resolves the open alert for a key when its condition clears; returns null when nothing was open. */
export function resolveAlert(db: Db, clock: Clock, accountId: string, dedupeKey: string): AlertTransition | null {
  const now = clock.now();
  const open = openAlertQuery(db).get({ accountId, dedupeKey });
  if (!open) return null;
  db.update(alerts).set({ status: "resolved", resolvedAt: now, updatedAt: now }).where(eq(alerts.id, open.id)).run();
  return { alertId: open.id, change: "resolved" };
}

// Every changed calendar sync asks whether its feed has an open suspect alert to resolve.
const openAlertQuery = preparedOnce((db: Db) =>
  db
    .select({ id: alerts.id })
    .from(alerts)
    .where(and(eq(alerts.accountId, sql.placeholder("accountId")), eq(alerts.dedupeKey, sql.placeholder("dedupeKey")), eq(alerts.status, "open")))
    .prepare(),
);

/**
 * Whether the account has any open alert: the question every "does this end an alert?" check asks first, answered by
 * one lookup in the partial index of open alerts (the literal `status = 'open'` is what lets SQLite use it).
 */
export function hasOpenAlerts(db: Db, accountId: string): boolean {
  return anyOpenAlertQuery(db).get({ accountId }) !== undefined;
}

const anyOpenAlertQuery = preparedOnce((db: Db) =>
  db.select({ id: alerts.id }).from(alerts).where(and(eq(alerts.accountId, sql.placeholder("accountId")), sql`${alerts.status} = 'open'`)).limit(1).prepare(),
);
