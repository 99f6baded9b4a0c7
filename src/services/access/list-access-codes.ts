import { eq, gte, lte } from "drizzle-orm";
import type { Db } from "../../db/client";
import { accountPageQuery } from "../../db/account-page";
import type { PageQuery } from "../../db/column-filters";
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

const codesPage = accountPageQuery(accessCodes, {
  stayId: (v) => eq(accessCodes.stayId, v),
  lockId: (v) => eq(accessCodes.lockId, v),
  propertyId: (v) => eq(accessCodes.propertyId, v),
  state: (v) => eq(accessCodes.state, v),
  purpose: (v) => eq(accessCodes.purpose, v),
  from: (v) => gte(accessCodes.validTo, v),
  to: (v) => lte(accessCodes.validFrom, v),
});

/** One page of the account's codes (the API's list; the caller shows them without PINs). */
export function listAccessCodes(db: Db, accountId: string, q: AccessCodeListQuery) {
  const { stayId, lockId, propertyId, state, purpose, from, to } = q;
  return codesPage(db, accountId, {
    stayId, lockId, propertyId, state, purpose,
    from: from === undefined ? undefined : accessCodes.validTo.mapToDriverValue(new Date(from)),
    to: to === undefined ? undefined : accessCodes.validFrom.mapToDriverValue(new Date(to)),
  }, q);
}
