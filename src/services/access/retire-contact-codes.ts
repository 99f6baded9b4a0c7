import { and, eq, inArray } from "drizzle-orm";
import { accessCodes, propertyCleaners } from "../../db/schema";
import type { ServiceDeps } from "../deps";
import { retireCode, type PlanContext } from "./code-plans";
import { FollowUps } from "./code-follow-ups";

/**
 * A cleaner who leaves the team loses their door codes at once: every code they hold that is planned, being set or
 * active is taken out of service (a planned one cancelled, one possibly on the lock removed now and read back), and
 * they are taken off every property so no new turnover gives them one. Runs inside the caller's transaction; the
 * returned follow-ups (the revoke jobs) run after it commits.
 */
export function retireContactCodes(deps: Pick<ServiceDeps, "db" | "box" | "clock">, accountId: string, contactId: string): FollowUps {
  const follow = new FollowUps();
  const ctx: PlanContext = { db: deps.db, box: deps.box, clock: deps.clock, now: deps.clock.now(), follow, problems: [] };
  deps.db.delete(propertyCleaners).where(eq(propertyCleaners.contactId, contactId)).run();
  const held = deps.db
    .select()
    .from(accessCodes)
    .where(and(eq(accessCodes.accountId, accountId), eq(accessCodes.contactId, contactId), inArray(accessCodes.state, ["planned", "programming", "active", "failed"])))
    .all();
  for (const code of held) retireCode(ctx, code);
  return follow;
}
