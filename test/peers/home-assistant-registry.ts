import { createHash } from "node:crypto";
import type { HaWsHandler } from "./home-assistant-websocket";

/** What the emulator's entity and device registries know of one lock (the rest of its spec lives with the emulator). */
export interface RegistryLockSpec {
  entityId: string;
  name?: string;
  /** The lock's Z-Wave node; its device is then identified `["zwave_js", "<home id>-<node id>"]` as Z-Wave JS does. */
  nodeId?: number;
  manufacturer?: string;
  model?: string;
  /** The integration that made the entity; default `zwave_js`. */
  platform?: string;
}

/** Z-Wave JS home ids are 32-bit numbers, written in decimal in device identifiers. */
export const EMULATED_HOME_ID = 3967118486;

const hexId = (seed: string) => createHash("sha256").update(seed).digest("hex").slice(0, 32);
/** The device registry id of the device holding a lock entity. */
export const deviceIdOf = (entityId: string) => hexId(`device:${entityId}`);

/**
 * `config/entity_registry/list` and `config/device_registry/list` in the shapes Home Assistant answers (the fields of
 * its frontend's `EntityRegistryEntry` / `DeviceRegistryEntry`): one device per lock, holding the lock entity and the
 * battery sensor Z-Wave JS creates beside it.
 */
export function registryHandlers(locks: () => RegistryLockSpec[], batteryEntityId: (lockEntityId: string) => string): Record<string, HaWsHandler> {
  const deviceOf = (l: RegistryLockSpec) => deviceIdOf(l.entityId);
  const entity = (l: RegistryLockSpec, entityId: string, originalName: string | null) => ({
    area_id: null, categories: {}, config_entry_id: hexId(`entry:${l.platform ?? "zwave_js"}`), config_subentry_id: null, created_at: 0,
    device_id: deviceOf(l), disabled_by: null, entity_category: null, entity_id: entityId, has_entity_name: true, hidden_by: null,
    icon: null, id: hexId(`entity:${entityId}`), labels: [], modified_at: 0, name: null, options: {}, original_name: originalName,
    platform: l.platform ?? "zwave_js", translation_key: null, unique_id: `${EMULATED_HOME_ID}.${l.nodeId ?? 0}-${entityId}`,
  });
  return {
    "config/entity_registry/list": (_msg, reply) =>
      reply.result(locks().flatMap((l) => [entity(l, l.entityId, null), entity(l, batteryEntityId(l.entityId), "Battery level")])),
    "config/device_registry/list": (_msg, reply) =>
      reply.result(
        locks().map((l) => ({
          area_id: null, config_entries: [hexId(`entry:${l.platform ?? "zwave_js"}`)], configuration_url: null, connections: [], created_at: 0,
          disabled_by: null, entry_type: null, hw_version: null, id: deviceOf(l),
          identifiers: l.nodeId !== undefined && (l.platform ?? "zwave_js") === "zwave_js"
            ? [["zwave_js", `${EMULATED_HOME_ID}-${l.nodeId}`], ["zwave_js", `${EMULATED_HOME_ID}-${l.nodeId}-59:1:1110`]]
            : [[l.platform ?? "zwave_js", hexId(`ident:${l.entityId}`)]],
          labels: [], manufacturer: l.manufacturer ?? null, model: l.model ?? null, model_id: null, modified_at: 0,
          name_by_user: null, name: l.name ?? null, primary_config_entry: hexId(`entry:${l.platform ?? "zwave_js"}`), serial_number: null,
          sw_version: null, via_device_id: null,
        })),
      ),
  };
}
