import type Database from "better-sqlite3";
import { stays } from "../../db/schema";
import { updateById } from "../../db/update-by-id";
import type { ReconcilePlan } from "../../domain/calendar";
import type { MarkableStay, StoredFeedStay } from "./feed-stays";
import { insertNewStays, type NewStaysContext } from "./insert-stays";
import type { TouchedStay } from "./sync-tx";

export type ApplyPlanContext = NewStaysContext;

type FeedStayAfter = MarkableStay & { checkOutAt: Date; missingCount: number };

/**
 * Writes a reconcile plan inside the caller's transaction. Returns the stays whose version moved, and the feed's stays
 * as they now stand (confirmed and not ended), so echo and conflict marking need not read back what was just written.
 * Every change the planner must react to (new stay, dates, guest, kind, status) bumps `version`; missing counters do
 * not, because nothing about the booking changed yet.
 */
export function applyPlan(
  sqlite: Database.Database,
  ctx: ApplyPlanContext,
  plan: ReconcilePlan,
  stored: readonly StoredFeedStay[],
): { touched: TouchedStay[]; currentStays: MarkableStay[] } {
  const after = new Map<string, FeedStayAfter>(stored.map((stay) => [stay.id, { ...stay, feedId: ctx.feedId }]));
  const aliasesOf = new Map(stored.map((stay) => [stay.id, stay.uidAliases]));
  const touched: TouchedStay[] = [];
  const bump = (id: string) => {
    const stay = after.get(id)!;
    stay.version++;
    touched.push({ id, version: stay.version });
    return stay.version;
  };

  insertNewStays(sqlite, ctx, plan.creates);
  for (const create of plan.creates) touched.push({ id: create.stayId, version: 1 });

  for (const update of plan.updates) {
    const next = update.next;
    const aliases = aliasesOf.get(update.stayId) ?? [];
    const uidAliases = update.previousUid && !aliases.includes(update.previousUid) ? [...aliases, update.previousUid] : [...aliases];
    // Only what the feed carries: a guest name or phone the host entered is not wiped by a feed that has none.
    const guest = {
      ...(next.guestName ? { guestName: next.guestName } : {}),
      ...(next.phoneLast4 ? { guestPhoneLast4: next.phoneLast4 } : {}),
      ...(next.reservationCode ? { reservationCode: next.reservationCode } : {}),
    };
    const dates = { checkInDate: next.checkInDate, checkOutDate: next.checkOutDate, checkInAt: next.checkInAt, checkOutAt: next.checkOutAt };
    updateById(sqlite, stays, update.stayId, {
      externalUid: update.uid, uidAliases, kind: next.kind, status: "confirmed", cancelledAt: null, ...dates, summary: next.summary, ...guest,
      missingCount: 0, version: bump(update.stayId), updatedAt: ctx.now,
    });
    const stay = after.get(update.stayId)!;
    Object.assign(stay, { kind: next.kind, status: "confirmed", checkInDate: dates.checkInDate, checkOutDate: dates.checkOutDate, checkOutAt: dates.checkOutAt });
    if (guest.guestName) stay.guestName = guest.guestName;
    if (guest.guestPhoneLast4) stay.phoneLast4 = guest.guestPhoneLast4;
    if (guest.reservationCode) stay.reservationCode = guest.reservationCode;
  }

  for (const cancel of plan.cancels) {
    const stay = after.get(cancel.stayId)!;
    const missing = cancel.reason === "missing" ? { missingCount: stay.missingCount + 1 } : {};
    updateById(sqlite, stays, cancel.stayId, { status: "cancelled", cancelledAt: ctx.now, conflict: false, ...missing, version: bump(cancel.stayId), updatedAt: ctx.now });
    Object.assign(stay, { status: "cancelled", conflict: false });
  }
  for (const { stayId, missingCount } of plan.missingIncrements) {
    updateById(sqlite, stays, stayId, { missingCount, updatedAt: ctx.now });
  }
  const updated = new Set(plan.updates.map((u) => u.stayId));
  for (const { stayId } of plan.resets) {
    if (!updated.has(stayId)) updateById(sqlite, stays, stayId, { missingCount: 0, updatedAt: ctx.now });
  }
  const currentStays: MarkableStay[] = [];
  const nowMs = ctx.now.getTime();
  for (const stay of after.values()) {
    if (stay.status !== "confirmed" || stay.checkOutAt.getTime() <= nowMs) continue;
    const { id, feedId, kind, status, checkInDate, checkOutDate, guestName, reservationCode, phoneLast4, echoOfStayId, conflict, version } = stay;
    currentStays.push({ id, feedId, kind, status, checkInDate, checkOutDate, guestName, reservationCode, phoneLast4, echoOfStayId, conflict, version });
  }
  // New stays are confirmed and not ended (the reconciler creates no other), and nothing else in a plan touches them.
  for (const create of plan.creates) {
    if (create.checkOutAt.getTime() <= nowMs) continue;
    currentStays.push({
      id: create.stayId, feedId: ctx.feedId, kind: create.kind, status: "confirmed", checkInDate: create.checkInDate, checkOutDate: create.checkOutDate,
      guestName: create.guestName ?? null, reservationCode: create.reservationCode ?? null, phoneLast4: create.phoneLast4 ?? null, echoOfStayId: null, conflict: false, version: 1,
    });
  }
  return { touched, currentStays };
}
