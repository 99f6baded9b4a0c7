import type Database from "better-sqlite3";
import { stays } from "../../db/schema";
import { updateById } from "../../db/update-by-id";
import type { ReconcilePlan } from "../../domain/calendar";
import type { StoredFeedStay } from "./feed-stays";
import { insertFeedStays } from "./insert-stays";
import type { TouchedStay } from "./sync-tx";

export interface PlanContext {
  accountId: string;
  propertyId: string;
  feedId: string;
  now: Date;
}

/**
 * Writes a reconcile plan inside the caller's transaction and returns the stays whose version moved. Every
 * change the planner must react to (new stay, dates, guest, kind, status) bumps `version`; missing counters do not,
 * because nothing about the booking changed yet.
 */
export function applyPlan(sqlite: Database.Database, ctx: PlanContext, plan: ReconcilePlan, stored: readonly StoredFeedStay[]): TouchedStay[] {
  const versionOf = new Map(stored.map((stay) => [stay.id, stay.version]));
  const aliasesOf = new Map(stored.map((stay) => [stay.id, stay.uidAliases]));
  const touched: TouchedStay[] = [];
  const bump = (id: string) => {
    const version = (versionOf.get(id) ?? 0) + 1;
    versionOf.set(id, version);
    touched.push({ id, version });
    return version;
  };

  insertFeedStays(
    sqlite,
    plan.creates.map((create) => {
      touched.push({ id: create.stayId, version: 1 });
      return {
        id: create.stayId,
        accountId: ctx.accountId,
        propertyId: ctx.propertyId,
        feedId: ctx.feedId,
        externalUid: create.uid,
        kind: create.kind,
        checkInDate: create.checkInDate,
        checkOutDate: create.checkOutDate,
        checkInAt: create.checkInAt,
        checkOutAt: create.checkOutAt,
        summary: create.summary,
        guestName: create.guestName ?? null,
        guestPhoneLast4: create.phoneLast4 ?? null,
        reservationCode: create.reservationCode ?? null,
        now: ctx.now,
      };
    }),
  );

  for (const update of plan.updates) {
    const next = update.next;
    const aliases = aliasesOf.get(update.stayId) ?? [];
    const uidAliases = update.previousUid && !aliases.includes(update.previousUid) ? [...aliases, update.previousUid] : [...aliases];
    updateById(sqlite, stays, update.stayId, {
        externalUid: update.uid,
        uidAliases,
        kind: next.kind,
        status: "confirmed",
        cancelledAt: null,
        checkInDate: next.checkInDate,
        checkOutDate: next.checkOutDate,
        checkInAt: next.checkInAt,
        checkOutAt: next.checkOutAt,
        summary: next.summary,
        // Only what the feed carries: a guest name or phone the host entered is not wiped by a feed that has none.
        ...(next.guestName ? { guestName: next.guestName } : {}),
        ...(next.phoneLast4 ? { guestPhoneLast4: next.phoneLast4 } : {}),
        ...(next.reservationCode ? { reservationCode: next.reservationCode } : {}),
        missingCount: 0,
        version: bump(update.stayId),
        updatedAt: ctx.now,
      });
  }

  for (const cancel of plan.cancels) {
    const missing = cancel.reason === "missing" ? { missingCount: (stored.find((s) => s.id === cancel.stayId)?.missingCount ?? 0) + 1 } : {};
    updateById(sqlite, stays, cancel.stayId, { status: "cancelled", cancelledAt: ctx.now, conflict: false, ...missing, version: bump(cancel.stayId), updatedAt: ctx.now });
  }
  for (const { stayId, missingCount } of plan.missingIncrements) {
    updateById(sqlite, stays, stayId, { missingCount, updatedAt: ctx.now });
  }
  const updated = new Set(plan.updates.map((u) => u.stayId));
  for (const { stayId } of plan.resets) {
    if (!updated.has(stayId)) updateById(sqlite, stays, stayId, { missingCount: 0, updatedAt: ctx.now });
  }
  return touched;
}
