import { and, eq } from "drizzle-orm";
import { locks } from "../../db/schema";
import { newId } from "../../lib/ids";
import { doorEventFromZwave, type ZwaveDoorEvent } from "../../providers/locks/zwave-js/door-notifications";
import type { ZwaveJsEvent } from "../../providers/locks/zwave-js/zwave-js-client";
import type { ServiceDeps } from "../deps";
import { afterDoorEvents, insertDoorEvent, type DoorEventInput, type LockEventRow } from "./record-door-event";

/** What a Z-Wave door notification says, as intake fields, whichever path brought it (zwave-js-server or Home Assistant). */
export function zwaveDoorFields(door: ZwaveDoorEvent): Pick<DoorEventInput, "kind" | "method" | "slot"> {
  return { kind: door.kind, ...(door.method ? { method: door.method } : {}), ...(door.slot !== undefined ? { slot: door.slot } : {}) };
}

/**
 * One event from a zwave-js-server subscription (`ZwaveJsClient.listen`) on one connection: a door notification is
 * stored for every lock of that connection on the node, attributed to the code in the slot it names. zwave-js events
 * carry no id and are pushed once, so each gets its own. Returns the stored rows; anything not door activity is none.
 */
export async function recordZwaveJsEvent(deps: Pick<ServiceDeps, "db" | "clock" | "events">, connectionId: string, event: ZwaveJsEvent): Promise<LockEventRow[]> {
  const door = doorEventFromZwave(event);
  if (!door) return [];
  const occurredAt = deps.clock.now();
  const rows = deps.db.transaction(() => {
    const onNode = deps.db
      .select({ id: locks.id })
      .from(locks)
      .where(and(eq(locks.provider, "zwave_js"), eq(locks.connectionId, connectionId), eq(locks.providerDeviceId, String(door.nodeId))))
      .all();
    return onNode.map((lock) =>
      insertDoorEvent(deps, {
        provider: "zwave_js",
        providerEventId: newId("evt"),
        lockId: lock.id,
        ...zwaveDoorFields(door),
        occurredAt,
      }),
    );
  });
  await afterDoorEvents(deps, rows);
  return rows.filter((r): r is LockEventRow => r !== null);
}
