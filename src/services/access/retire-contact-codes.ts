import { and, eq, inArray } from "drizzle-orm";
import { accessCodes, propertyCleaners } from "../../db/schema";
import type { ServiceDeps } from "../deps";
import { retireCode, type PlanContext } from "./code-plans";
import { FollowUps } from "./code-follow-ups";

/**
 * A cleaner who leaves the team loses their door codes at once: every code they hold that is planned, being set or
 * active is taken out of service (a planned one cancelled, one possibly on the lock removed now and read back), and
 * they are taken off every property so no new turnover gives them one. With `onlyProperties`, only those properties' (a
 * cleaner whose scope the owner narrowed). Runs inside the caller's transaction; the
 * returned follow-ups (the revoke jobs) run after it commits.
 */
export function retireContactCodes(deps: Pick<ServiceDeps, "db" | "box" | "clock">, accountId: string, contactId: string, onlyProperties?: string[]): FollowUps {
  const follow = new FollowUps();
  const ctx: PlanContext = { db: deps.db, box: deps.box, clock: deps.clock, now: deps.clock.now(), follow, problems: [] };
  if (onlyProperties?.length === 0) return follow;
  const atProperties = onlyProperties ? [inArray(propertyCleaners.propertyId, onlyProperties)] : [];
  deps.db.delete(propertyCleaners).where(and(eq(propertyCleaners.contactId, contactId), ...atProperties)).run();
  const held = deps.db
    .select()
    .from(accessCodes)
    .where(and(
      eq(accessCodes.accountId, accountId), eq(accessCodes.contactId, contactId), inArray(accessCodes.state, ["planned", "programming", "active", "failed"]),
      ...(onlyProperties ? [inArray(accessCodes.propertyId, onlyProperties)] : []),
    ))
    .all();
  for (const code of held) retireCode(ctx, code);
  return follow;
}
