import { eq, getTableColumns, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { preparedOnce } from "../../db/prepared-once";
import { lockProperties, locks } from "../../db/schema";

/**
 * The account's locks serving these properties, shared doors included (the dashboard's lock health beside each
 * property), each with the property it was found under. The statement reads the whole account's locks, prepared once
 * per database: an account has a lock or two per property, and a 200-id IN list rebuilt per request cost more.
 */
export const locksOf = (db: Db, accountId: string, propertyIds: string[]) => {
  if (propertyIds.length === 0) return [];
  const wanted = new Set(propertyIds);
  return accountLocks(db).all({ accountId }).filter((l) => wanted.has(l.propertyId));
};

const accountLocks = preparedOnce((db: Db) =>
  db.select({ ...getTableColumns(locks), propertyId: lockProperties.propertyId }).from(locks).innerJoin(lockProperties, eq(lockProperties.lockId, locks.id))
    .where(eq(locks.accountId, sql.placeholder("accountId"))).prepare());
