import { newId } from "../../lib/ids";
import { candidateWithStayId, type CandidateStay } from "./candidate-stays";
import type { ExistingStay, ReconcileInput, ReconcilePlan } from "./reconcile-types";
import { changedGuestFields, datesOf, diffStay, isReissueOf } from "./stay-diff";

export const DEFAULT_MISSING_THRESHOLD = 2;
/**
 * A well-formed feed that drops this many future stays at once (and at least this share of them)
 * is treated as a platform hiccup, not as mass cancellation: three is more than a host plausibly
 * loses in one sync interval, and half guards small listings.
 */
export const MASS_DISAPPEARANCE_MIN = 3;
export const MASS_DISAPPEARANCE_SHARE = 0.5;

/**
 * Plans what one sync of a well-formed feed does to its stays. Pure: the caller writes the plan
 * in one transaction and publishes `events` after commit. Never call it for a failed parse.
 *
 * Rules: upsert by UID (or a recorded alias); a new UID that is the same booking re-issued is an
 * update recording the old UID as alias; absence cancels only after `missingThreshold` consecutive
 * syncs; STATUS:CANCELLED cancels at once; stays whose checkout has passed are never touched (the
 * platforms drop past stays from their feeds); an empty feed or a mass disappearance cancels
 * nothing for absence and returns `suspect`.
 */
export function reconcileFeed(input: ReconcileInput): ReconcilePlan {
  const now = input.now.getTime();
  const threshold = input.missingThreshold ?? DEFAULT_MISSING_THRESHOLD;
  const newStayId = input.newStayId ?? (() => newId("stay"));
  const plan: ReconcilePlan = { creates: [], updates: [], cancels: [], missingIncrements: [], resets: [], events: [] };

  const feedStays = input.existing.filter((stay) => stay.kind !== "manual");
  const byUid = new Map<string, ExistingStay>();
  for (const stay of feedStays) for (const uid of [stay.externalUid, ...stay.uidAliases]) byUid.set(uid, stay);
  const isPast = (stay: { checkOutAt: Date }) => stay.checkOutAt.getTime() <= now;

  const seen = new Set<string>();
  const present = new Set<ExistingStay>();
  for (const uid of input.unreadableUids ?? []) {
    const stay = byUid.get(uid);
    if (stay) present.add(stay);
  }
  const unmatched: CandidateStay[] = [];
  for (const candidate of input.candidates) {
    if (seen.has(candidate.uid)) continue;
    seen.add(candidate.uid);
    const stay = byUid.get(candidate.uid);
    if (stay) {
      present.add(stay);
      if (!isPast(stay)) applyCandidate(plan, stay, candidate);
    } else {
      unmatched.push(candidate);
    }
  }

  const reissuePool = feedStays.filter((stay) => !present.has(stay) && !isPast(stay) && stay.status === "confirmed");
  for (const candidate of unmatched) {
    const original = candidate.status === "confirmed" ? reissuePool.find((stay) => !present.has(stay) && isReissueOf(candidate, stay)) : undefined;
    if (original) {
      present.add(original);
      applyCandidate(plan, original, candidate, original.externalUid);
    } else if (candidate.status === "confirmed" && !isPast(candidate)) {
      const stayId = newStayId();
      plan.creates.push(candidateWithStayId(candidate, stayId));
      const { checkInDate, checkOutDate, checkInAt, checkOutAt } = candidate;
      plan.events.push({ type: "stay.created", stayId, uid: candidate.uid, kind: candidate.kind, checkInDate, checkOutDate, checkInAt, checkOutAt });
    }
  }

  const future = feedStays.filter((stay) => stay.status === "confirmed" && !isPast(stay));
  const missing = future.filter((stay) => !present.has(stay));
  const feedSize = input.candidates.length + (input.unreadableUids?.length ?? 0);
  if (feedSize === 0 && (future.length > 0 || (input.previousEventCount ?? 0) > 0)) {
    plan.suspect = { reason: "empty_feed", detail: `feed has no events; it had ${input.previousEventCount ?? "?"} last time and ${future.length} upcoming stays are kept` };
    return plan;
  }
  if (missing.length >= MASS_DISAPPEARANCE_MIN && missing.length >= future.length * MASS_DISAPPEARANCE_SHARE) {
    plan.suspect = { reason: "mass_disappearance", detail: `${missing.length} of ${future.length} upcoming stays vanished from the feed at once; none cancelled` };
    return plan;
  }
  for (const stay of missing) {
    const missingCount = stay.missingCount + 1;
    if (missingCount >= threshold) {
      plan.cancels.push({ stayId: stay.id, uid: stay.externalUid, reason: "missing" });
      plan.events.push({ type: "stay.cancelled", stayId: stay.id, uid: stay.externalUid, reason: "missing" });
    } else {
      plan.missingIncrements.push({ stayId: stay.id, uid: stay.externalUid, missingCount });
    }
  }
  return plan;
}

function applyCandidate(plan: ReconcilePlan, stay: ExistingStay, candidate: CandidateStay, previousUid?: string): void {
  if (stay.missingCount > 0) plan.resets.push({ stayId: stay.id, uid: candidate.uid });
  if (candidate.status === "cancelled") {
    if (stay.status === "confirmed") {
      plan.cancels.push({ stayId: stay.id, uid: candidate.uid, reason: "status_cancelled" });
      plan.events.push({ type: "stay.cancelled", stayId: stay.id, uid: candidate.uid, reason: "status_cancelled" });
    }
    return;
  }
  const changes = diffStay(stay, candidate);
  const reinstated = stay.status === "cancelled";
  if (reinstated) changes.status = { from: "cancelled", to: "confirmed" };
  const uidChanged = previousUid !== undefined && previousUid !== candidate.uid;
  if (!changes.dates && !changes.guest && !changes.kind && !changes.status && !uidChanged) return;
  plan.updates.push({ stayId: stay.id, uid: candidate.uid, ...(uidChanged ? { previousUid } : {}), changes, next: candidate });
  if (reinstated) {
    plan.events.push({ type: "stay.reinstated", stayId: stay.id, uid: candidate.uid, ...datesOf(candidate) });
    return;
  }
  if (changes.dates) plan.events.push({ type: "stay.dates_changed", stayId: stay.id, uid: candidate.uid, from: changes.dates.from, to: changes.dates.to });
  if (changes.guest || changes.kind) {
    const fields = [...(changes.guest ? changedGuestFields(changes.guest.from, changes.guest.to) : []), ...(changes.kind ? (["kind"] as const) : [])];
    plan.events.push({ type: "stay.guest_changed", stayId: stay.id, uid: candidate.uid, fields });
  }
}
