import type { Db } from "../../db/client";
import { listAccountPage } from "../../db/account-page";
import { equalFilters, type PageQuery } from "../../db/column-filters";
import type { AuditEventRow } from "../../db/rows";
import { auditEvents } from "../../db/schema";

export type { AuditEventRow };

export interface AuditEventListQuery extends PageQuery {
  subjectType?: string;
  subjectId?: string;
  action?: string;
}

/** One page of the account's audit trail, oldest first. */
export function listAuditEvents(db: Db, accountId: string, q: AuditEventListQuery) {
  const { subjectType, subjectId, action } = auditEvents;
  return listAccountPage(db, auditEvents, accountId, equalFilters({ subjectType, subjectId, action }, q), q);
}
