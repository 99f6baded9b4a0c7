import { and, count, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { accessCodes } from "../../db/schema";
import { ON_LOCK_CODE_STATES } from "../../domain/access/code-states";

/** Per lock, how many of its codes are on the lock (being set, working, being removed): what removing it would forget. */
export function codesOnLocks(db: Db, accountId: string, lockIds: string[]): Map<string, number> {
  if (lockIds.length === 0) return new Map();
  const rows = db
    .select({ lockId: accessCodes.lockId, n: count() })
    .from(accessCodes)
    .where(and(eq(accessCodes.accountId, accountId), inArray(accessCodes.lockId, lockIds), inArray(accessCodes.state, [...ON_LOCK_CODE_STATES])))
    .groupBy(accessCodes.lockId)
    .all();
  return new Map(rows.map((r) => [r.lockId, r.n]));
}
