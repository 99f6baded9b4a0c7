import { and, eq, isNull } from "drizzle-orm";
import type { StayRow } from "../../db/rows";
import { stays } from "../../db/schema";
import { getsGuestCode, guestArrival, guestDeparture } from "../../domain/access";
import { recordAudit } from "../audit/record-audit";
import { conflict } from "../errors";
import { findStay } from "../lookups";
import type { ServiceDeps } from "../deps";

export type CheckoutOutcome = "checked_out" | "already_checked_out";

/**
 * The guest has left before the stay's checkout (the host says so, or the auto-checkout rule saw the door locked on
 * the checkout morning): the stay is marked checked out now, which ends its guest code now (the planner retires it,
 * and the revocation is read back as always) and starts the turnover now (the cleaner's code moves to start now,
 * delivery tells the cleaner of the new window, and turnover-now tells them to go). Marking it twice changes nothing. Refused for a stay that is not a
 * guest's, has not begun, or is already over.
 */
export async function checkOutEarly(deps: ServiceDeps, accountId: string, stayId: string, actor: string): Promise<{ stay: StayRow; outcome: CheckoutOutcome }> {
  const stay = findStay(deps.db, accountId, stayId);
  if (stay.checkedOutAt) return { stay, outcome: "already_checked_out" };
  const now = deps.clock.now();
  if (!getsGuestCode(stay, guestDeparture(stay), now)) throw conflict("only a confirmed guest stay that is not over can be checked out");
  if (now.getTime() < guestArrival(stay).getTime()) throw conflict("this stay has not begun; cancel it instead of checking it out");
  const marked = deps.db.transaction(() => {
    const done = deps.db.update(stays).set({ checkedOutAt: now, version: stay.version + 1, updatedAt: now })
      .where(and(eq(stays.id, stay.id), isNull(stays.checkedOutAt))).run().changes === 1;
    if (done) recordAudit(deps.db, deps.clock, { accountId, actor, action: "stay.checkout", subjectType: "stay", subjectId: stay.id, detail: { early: true } });
    return done;
  });
  if (marked) await deps.events.emit({ type: "stay.changed", stayId: stay.id });
  return { stay: findStay(deps.db, accountId, stay.id), outcome: marked ? "checked_out" : "already_checked_out" };
}
