import { and, asc, gt, lt } from "drizzle-orm";
import { stays } from "../../db/schema";
import type { ServiceDeps } from "../deps";
import { guestStays } from "../stays/guest-stays";

/**
 * Guests' check-ins in the next two days, across accounts (the relay watches this server, not one host), so the relay's
 * watchdog can warn which guests an outage would hit.
 */
export function upcomingCheckIns(deps: Pick<ServiceDeps, "db" | "clock">): Date[] {
  const now = deps.clock.now();
  return deps.db
    .select({ at: stays.checkInAt })
    .from(stays)
    .where(and(guestStays(), gt(stays.checkInAt, now), lt(stays.checkInAt, new Date(now.getTime() + 48 * 3_600_000))))
    .orderBy(asc(stays.checkInAt))
    .limit(50)
    .all()
    .map((r) => r.at);
}
