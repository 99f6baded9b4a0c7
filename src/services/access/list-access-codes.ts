import { gte, lte } from "drizzle-orm";
import type { Db } from "../../db/client";
import { listAccountPage } from "../../db/account-page";
import { equalFilters, type PageQuery } from "../../db/column-filters";
import { accessCodes, CODE_STATES, type CodeState } from "../../db/schema";
import type { CODE_PURPOSES } from "../../domain/access/code-states";

export { CODE_STATES, type CodeState };

export interface AccessCodeListQuery extends PageQuery {
  stayId?: string;
  lockId?: string;
  propertyId?: string;
  state?: CodeState;
  purpose?: (typeof CODE_PURPOSES)[number];
  /** Codes whose window ends on or after this instant. */
  from?: string;
  /** Codes whose window starts on or before this instant. */
  to?: string;
}

/** One page of the account's codes (the API's list; the caller shows them without PINs). */
export function listAccessCodes(db: Db, accountId: string, q: AccessCodeListQuery) {
  const { stayId, lockId, propertyId, state, purpose } = accessCodes;
  const from = q.from === undefined ? undefined : gte(accessCodes.validTo, new Date(q.from));
  const to = q.to === undefined ? undefined : lte(accessCodes.validFrom, new Date(q.to));
  return listAccountPage(db, accessCodes, accountId, [...equalFilters({ stayId, lockId, propertyId, state, purpose }, q), from, to], q);
}
