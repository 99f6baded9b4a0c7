import type { Db } from "../../db/client";
import { stays } from "../../db/schema";
import { updateById } from "../../db/update-by-id";
import { findEchoesAndConflicts } from "../../domain/calendar";
import { otherCurrentStaysOfProperty, type MarkableStay } from "./feed-stays";
import type { TouchedStay } from "./sync-tx";

/**
 * Recomputes, for the whole property, which stays are another platform's echo of one booking and which real
 * reservations overlap. Any feed's sync can change the answer for stays of the other feeds, so it runs over all
 * of them, but only over stays that have not ended. The syncing feed's own stays come from the sync (it just wrote
 * them), the others from the database. An echo mark changes what the planner must do (no guest
 * code for an echo), so it bumps the version; the conflict flag is informational and does not.
 */
export function markEchoesAndConflicts(
  db: Db,
  propertyId: string,
  now: Date,
  feed: { id: string; currentStays: readonly MarkableStay[] },
): { touched: TouchedStay[]; conflicts: Array<[string, string]> } {
  const current = [...feed.currentStays, ...otherCurrentStaysOfProperty(db, propertyId, feed.id, now)];
  const { echoes, conflicts } = findEchoesAndConflicts(current);
  const echoOf = new Map(echoes.map((e) => [e.stayId, e.echoOf]));
  const inConflict = new Set(conflicts.flatMap((c) => c.stayIds));
  const touched: TouchedStay[] = [];
  for (const stay of current) {
    const wantedEcho = echoOf.get(stay.id) ?? null;
    const wantedConflict = inConflict.has(stay.id);
    const echoChanged = wantedEcho !== stay.echoOfStayId;
    if (!echoChanged && wantedConflict === stay.conflict) continue;
    const version = echoChanged ? stay.version + 1 : stay.version;
    if (echoChanged) touched.push({ id: stay.id, version });
    updateById(db.$client, stays, stay.id, { echoOfStayId: wantedEcho, conflict: wantedConflict, version, updatedAt: now });
  }
  return { touched, conflicts: conflicts.map((c) => c.stayIds) };
}
