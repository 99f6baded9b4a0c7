import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { locks } from "../../db/schema";

/** The account's locks at these properties (the dashboard's lock health beside each property). */
export const locksOf = (db: Db, accountId: string, propertyIds: string[]) =>
  propertyIds.length === 0 ? [] : db.select().from(locks).where(and(eq(locks.accountId, accountId), inArray(locks.propertyId, propertyIds))).all();
