import type { DiscoveredLock } from "../types";
import type { HaState, HomeAssistantClient } from "./ha-client";
import { haWebSocketSession, type HaWebSocketOptions } from "./ha-websocket";

/** The fields of HA's `config/entity_registry/list` entries read here. */
interface EntityRegistryEntry {
  entity_id: string;
  device_id: string | null;
  platform: string;
}

/** The fields of HA's `config/device_registry/list` entries read here. */
interface DeviceRegistryEntry {
  id: string;
  identifiers: Array<[string, string]>;
  manufacturer: string | null;
  model: string | null;
}

/**
 * Z-Wave JS names each node's device `["zwave_js", "<home id>-<node id>"]` (plus an extended
 * `"<home id>-<node id>-<manufacturer>:<type>:<product>"` identifier, which this pattern leaves out).
 */
const ZWAVE_NODE_IDENTIFIER = /^\d+-(\d+)$/;

export function zwaveNodeIdOf(device: DeviceRegistryEntry | undefined): number | undefined {
  for (const [domain, id] of device?.identifiers ?? []) {
    const m = domain === "zwave_js" ? ZWAVE_NODE_IDENTIFIER.exec(id) : null;
    if (m?.[1]) return Number(m[1]);
  }
  return undefined;
}

const offline = (s: HaState) => s.state === "unavailable" || s.state === "unknown";

function batteryPercent(state: HaState | undefined): number | undefined {
  if (!state || offline(state)) return undefined;
  const percent = Number(state.state);
  return state.state !== "" && Number.isFinite(percent) ? Math.max(0, Math.min(1, percent / 100)) : undefined;
}

/**
 * The Z-Wave JS lock entities a Home Assistant holds, for a host to pick: states from REST `GET /api/states`
 * (name, availability), the registries from the WebSocket API, which has them and REST does not (the entity's
 * platform and device; the device's model and its Z-Wave node id). Only `zwave_js` locks are listed: staykey sets
 * codes through the `zwave_js` services, which no other lock integration answers. The battery is the device's
 * battery sensor, else the `sensor.<lock>_battery_level` Z-Wave JS names by default.
 */
export async function discoverHomeAssistantLocks(client: HomeAssistantClient, ws: HaWebSocketOptions): Promise<DiscoveredLock[]> {
  const states = await client.getStates({ action: "states.list" });
  const [entities, devices] = (await haWebSocketSession(ws, [{ type: "config/entity_registry/list" }, { type: "config/device_registry/list" }], { action: "registry.list" })) as [
    EntityRegistryEntry[] | undefined,
    DeviceRegistryEntry[] | undefined,
  ];
  const entityById = new Map((entities ?? []).map((e) => [e.entity_id, e]));
  const deviceById = new Map((devices ?? []).map((d) => [d.id, d]));
  const stateById = new Map(states.map((s) => [s.entity_id, s]));
  const batteryOfDevice = new Map<string, HaState>();
  for (const s of states) {
    const deviceId = entityById.get(s.entity_id)?.device_id;
    if (deviceId && s.entity_id.startsWith("sensor.") && s.attributes.device_class === "battery") batteryOfDevice.set(deviceId, s);
  }
  const out: DiscoveredLock[] = [];
  for (const s of states) {
    const entry = entityById.get(s.entity_id);
    if (!s.entity_id.startsWith("lock.") || entry?.platform !== "zwave_js") continue;
    const device = entry.device_id ? deviceById.get(entry.device_id) : undefined;
    const battery = batteryPercent((entry.device_id ? batteryOfDevice.get(entry.device_id) : undefined) ?? stateById.get(`sensor.${s.entity_id.slice(5)}_battery_level`));
    const model = [device?.manufacturer, device?.model].filter(Boolean).join(" ");
    const nodeId = zwaveNodeIdOf(device);
    out.push({
      deviceId: s.entity_id,
      name: typeof s.attributes.friendly_name === "string" && s.attributes.friendly_name ? s.attributes.friendly_name : s.entity_id,
      online: !offline(s),
      ...(model ? { model } : {}),
      ...(battery !== undefined ? { batteryLevel: battery } : {}),
      ...(nodeId !== undefined ? { zwaveNodeId: nodeId } : {}),
    });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
