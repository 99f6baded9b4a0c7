import { and, eq } from "drizzle-orm";
import { locks } from "../../db/schema";
import { matterDeviceId } from "../../providers/locks/matter/device-id";
import { doorEventFromMatter, type MatterClusterEvent } from "../../providers/locks/matter/door-events";
import type { ServiceDeps } from "../deps";
import { afterDoorEvents, insertDoorEvent, type LockEventRow } from "./record-door-event";

/** A Matter event's dedupe id: the node's own event number, which a resubscribe that replays the event repeats. */
export const matterEventId = (connectionId: string, event: Pick<MatterClusterEvent, "peer" | "number">) => `${connectionId}/${event.peer}/${event.number}`;

/**
 * One Door Lock event from a Matter connection's controller: stored for every lock of that connection on the node's
 * endpoint, attributed to the code in the slot (user index) it names. A keypad PIN cleared or set outside staykey is
 * the same "changed outside staykey" record Seam's external events make. Stamped with staykey's clock on arrival, as
 * the lock's own timestamp may be time since boot. Returns the stored rows: none for a replay or non-door activity.
 */
export async function recordMatterEvent(deps: Pick<ServiceDeps, "db" | "clock" | "events">, connectionId: string, event: MatterClusterEvent): Promise<LockEventRow[]> {
  const door = doorEventFromMatter(event);
  if (!door) return [];
  const occurredAt = deps.clock.now();
  const rows = deps.db.transaction(() => {
    const onEndpoint = deps.db
      .select({ id: locks.id })
      .from(locks)
      .where(and(eq(locks.provider, "matter"), eq(locks.connectionId, connectionId), eq(locks.providerDeviceId, matterDeviceId(event.peer, event.endpoint))))
      .all();
    return onEndpoint.map((lock) =>
      insertDoorEvent(deps, {
        provider: "matter",
        providerEventId: matterEventId(connectionId, event),
        lockId: lock.id,
        kind: door.kind,
        ...(door.method ? { method: door.method } : {}),
        ...(door.slot !== undefined ? { slot: door.slot } : {}),
        occurredAt,
      }),
    );
  });
  await afterDoorEvents(deps, rows);
  return rows.filter((r): r is LockEventRow => r !== null);
}
