import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { listAccountPage } from "../../db/account-page";
import { equalFilters, type PageQuery } from "../../db/column-filters";
import type { AlertRow } from "../../db/rows";
import { ALERT_KINDS, alerts, type AlertKind } from "../../db/schema";

export type { AlertRow };
export { ALERT_KINDS, type AlertKind };

export interface AlertListQuery extends PageQuery {
  status?: "open" | "resolved";
  kind?: AlertKind;
  subjectType?: string;
  subjectId?: string;
}

/** One page of the account's alerts (the API's list). */
export function listAlerts(db: Db, accountId: string, q: AlertListQuery) {
  const { status, kind, subjectType, subjectId } = alerts;
  return listAccountPage(db, alerts, accountId, equalFilters({ status, kind, subjectType, subjectId }, q), q);
}

/** The dashboard's alerts page: what is open (few by design, one per dedupe key) and what resolved lately, newest first. */
export function alertsByStatus(db: Db, accountId: string): { open: AlertRow[]; resolved: AlertRow[] } {
  const of = (status: "open" | "resolved", limit: number) =>
    db.select().from(alerts).where(and(eq(alerts.accountId, accountId), eq(alerts.status, status))).orderBy(desc(alerts.openedAt)).limit(limit).all();
  return { open: of("open", 500), resolved: of("resolved", 20) };
}
