import { createHash } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { locks } from "../../db/schema";
import { doorEventFromHomeAssistant, type HaBusEvent } from "../../providers/locks/home-assistant";
import type { ServiceDeps } from "../deps";
import { afterDoorEvents, insertDoorEvent, type LockEventRow } from "./record-door-event";
import { zwaveDoorFields } from "./zwave-js-door-events";

/**
 * The source's id for one HA event. HA events carry no id of their own, but each firing has a context whose id (a
 * ULID) is unique to it, so the same notification heard twice (a second subscription, a reconnect overlapping the
 * old socket) keys the same. Without a context, the event's own content keys it: when HA fired it, on which node,
 * which notification and slot.
 */
export function homeAssistantEventKey(connectionId: string, event: HaBusEvent): string {
  const contextId = event.context?.id;
  if (typeof contextId === "string" && /^[0-9A-Za-z]{10,64}$/.test(contextId)) return `ctx_${contextId}`;
  const d = event.data;
  const parts = [connectionId, event.time_fired, d.device_id, d.node_id, d.endpoint, d.type, d.event, JSON.stringify(d.parameters ?? null)];
  return `sha_${createHash("sha256").update(parts.map(String).join("|")).digest("hex").slice(0, 32)}`;
}

/**
 * One `zwave_js_notification` from a Home Assistant connection's event stream: a door notification is stored for each
 * of the connection's locks whose entity sits on the device that reported it (`entitiesOnDevice`, from HA's entity
 * registry), attributed to the code in the slot it names. Anything that is not door activity stores nothing. The
 * event is pushed as it happens, so it is stamped with staykey's clock, like the Z-Wave JS subscription's.
 */
export async function recordHomeAssistantEvent(
  deps: Pick<ServiceDeps, "db" | "clock" | "events">,
  connectionId: string,
  event: HaBusEvent,
  entitiesOnDevice: (deviceId: string) => Promise<string[]>,
): Promise<LockEventRow[]> {
  const door = doorEventFromHomeAssistant(event.data);
  if (!door) return [];
  const entityIds = await entitiesOnDevice(door.deviceId);
  if (entityIds.length === 0) return [];
  const key = homeAssistantEventKey(connectionId, event);
  const occurredAt = deps.clock.now();
  const rows = deps.db.transaction(() => {
    const onDevice = deps.db.select({ id: locks.id }).from(locks)
      .where(and(eq(locks.provider, "home_assistant"), eq(locks.connectionId, connectionId), inArray(locks.providerDeviceId, entityIds)))
      .all();
    return onDevice.map((lock) =>
      insertDoorEvent(deps, {
        provider: "home_assistant",
        // Per lock: two of an account's locks on one entity each keep their own row under the account-wide key.
        providerEventId: `${key}.${lock.id}`,
        lockId: lock.id,
        ...zwaveDoorFields(door),
        occurredAt,
      }),
    );
  });
  await afterDoorEvents(deps, rows);
  return rows.filter((r): r is LockEventRow => r !== null);
}
