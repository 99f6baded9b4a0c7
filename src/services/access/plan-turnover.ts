import { and, asc, desc, eq, gte, inArray, isNull, lte, ne } from "drizzle-orm";
import { accessCodes, propertyCleaners, stays, turnovers, type properties } from "../../db/schema";
import { isLive, turnoverWindow } from "../../domain/access";
import { newId } from "../../lib/ids";
import type { LockRow, ServiceDeps } from "../deps";
import { existingPin, moveCode, planNewCode, retireCode, type PlanContext } from "./code-plans";

type StayRow = typeof stays.$inferSelect;
type PropertyRow = typeof properties.$inferSelect;

const guestStays = (propertyId: string) =>
  and(eq(stays.propertyId, propertyId), eq(stays.status, "confirmed"), ne(stays.kind, "block"), isNull(stays.echoOfStayId));

/**
 * The turnover after this stay, and the one before it (whose end is this stay's arrival), each with a code per
 * assigned cleaner per lock. A cleaner keeps one personal PIN per property: their earlier PIN is offered first.
 */
export function planTurnoversAround(deps: ServiceDeps, ctx: PlanContext, stay: StayRow, property: PropertyRow, propertyLocks: LockRow[]): void {
  const { db } = deps;
  const previous = db.select().from(stays)
    .where(and(guestStays(property.id), ne(stays.id, stay.id), lte(stays.checkOutAt, stay.checkInAt)))
    .orderBy(desc(stays.checkOutAt)).limit(1).get();
  db.transaction(() => {
    planTurnoverAfter(ctx, stay, property, propertyLocks);
    if (previous) planTurnoverAfter(ctx, previous, property, propertyLocks);
  });
}

function planTurnoverAfter(ctx: PlanContext, stay: StayRow, property: PropertyRow, propertyLocks: LockRow[]): void {
  const { db, now } = ctx;
  const checkOut = stay.lateCheckOutAt ?? stay.checkOutAt;
  const next = db.select().from(stays)
    .where(and(guestStays(property.id), ne(stays.id, stay.id), gte(stays.checkInAt, stay.checkOutAt)))
    .orderBy(asc(stays.checkInAt)).limit(1).get();
  const window = turnoverWindow(checkOut, next ? next.earlyCheckInAt ?? next.checkInAt : null, property.turnoverMinutes);
  const wanted = stay.status === "confirmed" && stay.kind !== "block" && !stay.echoOfStayId && window.to.getTime() > now.getTime();
  let turnover = db.select().from(turnovers).where(eq(turnovers.afterStayId, stay.id)).get();
  if (!turnover && !wanted) return;

  const changed = !turnover || turnover.status !== (wanted ? "scheduled" : "cancelled")
    || turnover.startsAt.getTime() !== window.from.getTime() || turnover.endsAt.getTime() !== window.to.getTime();
  if (!turnover) {
    turnover = {
      id: newId("turn"), accountId: stay.accountId, propertyId: property.id, afterStayId: stay.id, nextStayId: next?.id ?? null,
      startsAt: window.from, endsAt: window.to, status: "scheduled", version: 1, createdAt: now, updatedAt: now,
    };
    db.insert(turnovers).values(turnover).run();
  } else if (changed) {
    const patch = { startsAt: window.from, endsAt: window.to, nextStayId: next?.id ?? null, status: wanted ? ("scheduled" as const) : ("cancelled" as const), version: turnover.version + 1, updatedAt: now };
    db.update(turnovers).set(patch).where(eq(turnovers.id, turnover.id)).run();
  }

  const codes = db.select().from(accessCodes)
    .where(and(eq(accessCodes.turnoverId, turnover.id), eq(accessCodes.purpose, "cleaner"), inArray(accessCodes.state, ["planned", "programming", "active"]))).all();
  const cleaners = wanted ? db.select({ id: propertyCleaners.contactId }).from(propertyCleaners).where(eq(propertyCleaners.propertyId, property.id)).all().map((c) => c.id) : [];
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
      const preferred = existingPin(ctx, { contactId, propertyId: property.id, lockId: lock.id });
      planNewCode(ctx, { lock, purpose: "cleaner", window, length: property.codeLength, programLeadMinutes: property.programLeadMinutes, preferred, turnoverId: turnover.id, contactId });
      touched = true;
    }
  }
  if (touched) ctx.follow.hook("turnoverChanged", turnover.id);
}
