import { and, eq, isNull } from "drizzle-orm";
import type { CoreDeps } from "../../deps";
import { alerts } from "../../db/schema";
import { findAlert } from "../lookups";
import type { AlertRow } from "./host-alerts";

export type Acknowledged = "acknowledged" | "already_acknowledged" | "resolved";

/**
 * A host saying "I have seen this": it silences reminders (not escalations) until the condition clears, and only the
 * condition clearing resolves the alert. So only an open alert takes an acknowledgement; a resolved one has nothing
 * left to silence and keeps no acknowledgement stamped after its end (a host who clicked just as it resolved is told
 * so, not refused). The first acknowledgement is the one that counts; repeating it changes nothing.
 */
export function acknowledgeAlert(
  { db, clock }: Pick<CoreDeps, "db" | "clock">,
  accountId: string,
  alertId: string,
  actor: string,
): { alert: AlertRow; outcome: Acknowledged } {
  const existing = findAlert(db, accountId, alertId);
  const now = clock.now();
  const done = db
    .update(alerts)
    .set({ acknowledgedAt: now, acknowledgedBy: actor, updatedAt: now })
    .where(and(eq(alerts.id, existing.id), eq(alerts.status, "open"), isNull(alerts.acknowledgedAt)))
    .run();
  const alert = findAlert(db, accountId, existing.id);
  const outcome = done.changes === 1 ? "acknowledged" : alert.status === "open" ? "already_acknowledged" : "resolved";
  return { alert, outcome };
}
