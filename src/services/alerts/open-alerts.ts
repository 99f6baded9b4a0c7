import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { alerts } from "../../db/schema";
import { lookups } from "../lookups";
import type { AlertRow } from "./host-alerts";

export type { AlertRow };

// Ids are prefixed by kind (`lock_…`), so an alert's subject finds its table without trusting subjectType spelling.
const SUBJECTS = {
  feed: lookups.feed,
  lock: lookups.lock,
  stay: lookups.stay,
  turn: lookups.turnover,
  code: lookups.accessCode,
  msg: lookups.message,
} as const;

/** Which property an alert is about, or null for account-wide alerts. */
function alertPropertyId(db: Db, alert: AlertRow): string | null {
  const prefix = alert.subjectId.split("_")[0] ?? "";
  if (prefix === "prop") return alert.subjectId;
  const subject = SUBJECTS[prefix as keyof typeof SUBJECTS];
  if (!subject) return null;
  return subject.maybe(db, alert.accountId, alert.subjectId)?.propertyId ?? null;
}

/** Open alerts are few by design (one per dedupe key), so they are all read and grouped in memory. */
export function openAlertsByProperty(db: Db, accountId: string): { byProperty: Map<string, AlertRow[]>; all: AlertRow[] } {
  const all = db.select().from(alerts).where(and(eq(alerts.accountId, accountId), eq(alerts.status, "open"))).all();
  const byProperty = new Map<string, AlertRow[]>();
  for (const a of all) {
    const pid = alertPropertyId(db, a);
    if (!pid) continue;
    byProperty.set(pid, [...(byProperty.get(pid) ?? []), a]);
  }
  return { byProperty, all };
}
