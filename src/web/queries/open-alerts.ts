import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { accessCodes, alerts, feeds, locks, messages, stays, turnovers } from "../../db/schema";

export type AlertRow = typeof alerts.$inferSelect;

// Ids are prefixed by kind (`lock_…`), so an alert's subject finds its table without trusting subjectType spelling.
const OWNER_TABLES = {
  feed: feeds,
  lock: locks,
  stay: stays,
  turn: turnovers,
  code: accessCodes,
  msg: messages,
} as const;

/** Which property an alert is about, or null for account-wide alerts. */
export function alertPropertyId(db: Db, alert: AlertRow): string | null {
  const prefix = alert.subjectId.split("_")[0] ?? "";
  if (prefix === "prop") return alert.subjectId;
  const table = OWNER_TABLES[prefix as keyof typeof OWNER_TABLES];
  if (!table) return null;
  const row = db
    .select({ propertyId: table.propertyId })
    .from(table)
    .where(and(eq(table.id, alert.subjectId), eq(table.accountId, alert.accountId)))
    .get();
  return row?.propertyId ?? null;
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

export const locksOf = (db: Db, accountId: string, propertyIds: string[]) =>
  propertyIds.length === 0 ? [] : db.select().from(locks).where(and(eq(locks.accountId, accountId), inArray(locks.propertyId, propertyIds))).all();
