import { eq } from "drizzle-orm";
import type { PropertyRow, StayRow } from "../../db/rows";
import { turnovers } from "../../db/schema";
import { getsGuestCode, guestDeparture, isLive, turnoverWindow } from "../../domain/access";
import { newId } from "../../lib/ids";
import type { LockRow } from "../deps";
import { accessQueries } from "./access-queries";
import { existingPin, moveCode, planNewCode, retireCode, type PlanContext } from "./code-plans";


/**
 * The turnover after this stay, and the one before it (whose end is this stay's arrival), each with a code per
 * assigned cleaner per lock. A cleaner keeps one personal PIN per property: their earlier PIN is offered first.
 * Runs inside the caller's transaction (the stay's plan is one commit).
 */
export function planTurnoversAround(ctx: PlanContext, stay: StayRow, property: PropertyRow, propertyLocks: LockRow[]): void {
  const previous = accessQueries(ctx.db).previousStay.get({ propertyId: property.id, stayId: stay.id, before: stay.checkInAt.getTime() });
  planTurnoverAfter(ctx, stay, property, propertyLocks);
  if (previous) planTurnoverAfter(ctx, previous, property, propertyLocks);
}

function planTurnoverAfter(ctx: PlanContext, stay: StayRow, property: PropertyRow, propertyLocks: LockRow[]): void {
  const { db, now } = ctx;
  const q = accessQueries(db);
  // An early checkout starts the cleaning window at once.
  const checkOut = guestDeparture(stay);
  const next = q.nextStay.get({ propertyId: property.id, stayId: stay.id, after: stay.checkOutAt.getTime() });
  const window = turnoverWindow(checkOut, next ? next.earlyCheckInAt ?? next.checkInAt : null, property.turnoverMinutes);
  // A turnover follows a guest: none after a block or an echo, and none once its window is over.
  const wanted = getsGuestCode(stay, window.to, now);
  let turnover = q.turnoverAfter.get({ stayId: stay.id });
  if (!turnover && !wanted) return;

  const isNew = !turnover;
  const changed = !turnover || turnover.status !== (wanted ? "scheduled" : "cancelled")
    || turnover.startsAt.getTime() !== window.from.getTime() || turnover.endsAt.getTime() !== window.to.getTime();
  if (!turnover) {
    turnover = {
      id: newId("turn"), accountId: stay.accountId, propertyId: property.id, afterStayId: stay.id, nextStayId: next?.id ?? null,
      startsAt: window.from, endsAt: window.to, status: "scheduled", version: 1, createdAt: now, updatedAt: now,
    };
    q.insertTurnover.run(turnover);
  } else if (changed) {
    const patch = { startsAt: window.from, endsAt: window.to, nextStayId: next?.id ?? null, status: wanted ? ("scheduled" as const) : ("cancelled" as const), version: turnover.version + 1, updatedAt: now };
    db.update(turnovers).set(patch).where(eq(turnovers.id, turnover.id)).run();
  }

  // A turnover created just now has no codes yet.
  const turnoverId = turnover.id;
  const codes = isNew ? [] : propertyLocks.flatMap((l) => q.turnoverCodesOnLock.all({ lockId: l.id, turnoverId }));
  const cleaners = wanted ? q.cleanersOf.all({ propertyId: property.id }).map((c) => c.id) : [];
  let touched = changed;
  for (const code of codes) {
    if (!cleaners.includes(code.contactId ?? "")) touched = retireCode(ctx, code) || touched;
  }
  for (const contactId of cleaners) {
    for (const lock of propertyLocks) {
      const code = codes.find((c) => c.contactId === contactId && c.lockId === lock.id && isLive(c.state));
      if (code) {
        touched = moveCode(ctx, code, lock, window, property.programLeadMinutes) || touched;
        continue;
      }
      const preferred = existingPin(ctx, { contactId, propertyLocks, lockId: lock.id });
      planNewCode(ctx, { lock, purpose: "cleaner", window, length: property.codeLength, programLeadMinutes: property.programLeadMinutes, preferred, turnoverId: turnover.id, contactId, propertyId: property.id });
      touched = true;
    }
  }
  if (touched) ctx.follow.emit({ type: "turnover.changed", turnoverId: turnover.id });
}
