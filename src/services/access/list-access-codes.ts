import type { Db } from "../../db/client";
import { listAccountPage } from "../../db/account-page";
import { equalFilters, type PageQuery } from "../../db/column-filters";
import { accessCodes, CODE_STATES, type CodeState } from "../../db/schema";

export { CODE_STATES, type CodeState };

export interface AccessCodeListQuery extends PageQuery {
  stayId?: string;
  lockId?: string;
  propertyId?: string;
  state?: CodeState;
}

/** One page of the account's codes (the API's list; the caller shows them without PINs). */
export function listAccessCodes(db: Db, accountId: string, q: AccessCodeListQuery) {
  const { stayId, lockId, propertyId, state } = accessCodes;
  return listAccountPage(db, accessCodes, accountId, equalFilters({ stayId, lockId, propertyId, state }, q), q);
}
