import { and, eq, getTableColumns, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { lockProperties, locks } from "../../db/schema";

/**
 * The account's locks serving these properties, shared doors included (the dashboard's lock health beside each
 * property), each with the property it was found under.
 */
export const locksOf = (db: Db, accountId: string, propertyIds: string[]) =>
  propertyIds.length === 0
    ? []
    : db.select({ ...getTableColumns(locks), propertyId: lockProperties.propertyId }).from(locks).innerJoin(lockProperties, eq(lockProperties.lockId, locks.id))
      .where(and(eq(locks.accountId, accountId), inArray(lockProperties.propertyId, propertyIds))).all();
