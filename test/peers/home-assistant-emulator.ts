import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { haEventBus } from "./home-assistant-events";
import { deviceIdOf, EMULATED_HOME_ID, registryHandlers, type RegistryLockSpec } from "./home-assistant-registry";
import { attachHomeAssistantWebSocket } from "./home-assistant-websocket";

/**
 * A loopback stand-in for Home Assistant's REST API with Z-Wave JS locks, speaking the same wire
 * protocol the adapter uses against a real instance:
 * - Bearer long-lived token on every `/api/` call, 401 otherwise;
 * - `GET /api/` ping, `GET /api/states/<entity_id>` with HA's state object shape;
 * - `POST /api/services/zwave_js/set_lock_usercode` `{entity_id, code_slot, usercode}` and
 *   `clear_lock_usercode` `{entity_id, code_slot}`, answered with the list of changed states;
 * - read-back through `POST /api/services/zwave_js/invoke_cc_api?return_response` calling the User Code
 *   CC (99) `get(slot)` method, answered as `{changed_states, service_response: {<entity_id>: {userIdStatus, userCode}}}`;
 * - `GET /api/states`, every state (the locks and their battery sensors);
 * - the WebSocket API at `/api/websocket` (home-assistant-websocket.ts) with the entity and device registries
 *   (home-assistant-registry.ts), where a lock's Z-Wave node id is found, and the event bus
 *   (home-assistant-events.ts) where Z-Wave JS door notifications arrive as `zwave_js_notification`.
 */
export interface EmulatedLockSpec extends RegistryLockSpec {
  slots: number;
  battery?: number;
}

interface EmulatedLock {
  spec: EmulatedLockSpec;
  online: boolean;
  battery: number;
  usercodes: Map<number, string>;
  failingSlots: Set<number>;
  lastChanged: string;
}

export interface HomeAssistantEmulator {
  baseUrl: string;
  token: string;
  batteryEntityId(lockEntityId: string): string;
  calls: Array<{ method: string; path: string; status: number; service?: string }>;
  setOnline(entityId: string, online: boolean): void;
  /** Percent, 0..100, as Z-Wave JS battery sensors report it. */
  setBattery(entityId: string, percent: number): void;
  /** Writes to this slot make HA answer 500, as when the node rejects the command. */
  failSlot(entityId: string, slot: number): void;
  /** Put a code on the lock out of band (the owner's own code, or a guest's from another system). */
  setUsercode(entityId: string, slot: number, code: string): void;
  usercodes(entityId: string): Map<number, string>;
  /** WebSocket command types received after authentication, in order. */
  wsCommands: string[];
  /** The WebSocket API's sockets and event subscriptions. */
  websocket: {
    readonly sockets: number;
    readonly accepted: number;
    subscriptions(eventType: string): number;
    /** Cuts every socket without a close frame, as a restarting Home Assistant or a dropped network does. */
    dropAll(): void;
    /** While true, new sockets are cut at once. */
    refuse(refusing: boolean): void;
  };
  /** The device registry id of the lock's device, as `zwave_js_notification` events name it. */
  deviceId(entityId: string): string;
  /** The lock reports a Notification CC event: HA fires `zwave_js_notification` with its documented data. */
  fireZwaveNotification(entityId: string, n: ZwaveNotification): number;
  stop(): Promise<void>;
}

/** Notification CC (113): type 6 Access Control (event 6 = keypad unlock, parameters.userId = slot), 7 Home Security. */
export interface ZwaveNotification {
  type: number;
  event: number;
  parameters?: Record<string, unknown>;
}

const SERVER_ERROR = "500 Internal Server Error\n\nServer got itself in trouble";

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  let raw = "";
  for await (const chunk of req) raw += chunk;
  if (!raw) return {};
  try {
    const v = JSON.parse(raw) as unknown;
    return v && typeof v === "object" ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export async function startHomeAssistantEmulator(opts: { locks: EmulatedLockSpec[]; token?: string }): Promise<HomeAssistantEmulator> {
  const token = opts.token ?? `ha_llat_${randomUUID()}`;
  const now = () => new Date().toISOString();
  const locks = new Map<string, EmulatedLock>(
    opts.locks.map((spec) => [spec.entityId, { spec, online: true, battery: spec.battery ?? 87, usercodes: new Map(), failingSlots: new Set(), lastChanged: now() }]),
  );
  const batteryId = (entityId: string) => `sensor.${entityId.replace(/^lock\./, "")}_battery_level`;
  const calls: HomeAssistantEmulator["calls"] = [];
  const lock = (id: string) => {
    const l = locks.get(id);
    if (!l) throw new Error(`no emulated lock ${id}`);
    return l;
  };

  function stateOf(entityId: string) {
    for (const l of locks.values()) {
      const ctx = { id: randomUUID().replace(/-/g, ""), parent_id: null, user_id: null };
      const base = { last_changed: l.lastChanged, last_reported: l.lastChanged, last_updated: l.lastChanged, context: ctx };
      if (l.spec.entityId === entityId) {
        return { entity_id: entityId, state: l.online ? "locked" : "unavailable", attributes: { friendly_name: l.spec.name ?? entityId, supported_features: 0 }, ...base };
      }
      if (batteryId(l.spec.entityId) === entityId) {
        return {
          entity_id: entityId,
          state: l.online ? String(l.battery) : "unavailable",
          attributes: { state_class: "measurement", unit_of_measurement: "%", device_class: "battery", friendly_name: `${l.spec.name ?? l.spec.entityId} Battery level` },
          ...base,
        };
      }
    }
    return undefined;
  }

  const allStates = () => [...locks.keys()].flatMap((id) => [stateOf(id), stateOf(batteryId(id))]).filter(Boolean);

  async function service(req: IncomingMessage, res: ServerResponse, name: string, wantsResponse: boolean): Promise<number> {
    const body = await readJson(req);
    if (!body) return json(res, 400, { message: "Data should be valid JSON." }), 400;
    const l = typeof body.entity_id === "string" ? locks.get(body.entity_id) : undefined;
    const slot = Number(body.code_slot ?? (Array.isArray(body.parameters) ? body.parameters[0] : undefined));
    if (!["set_lock_usercode", "clear_lock_usercode", "invoke_cc_api"].includes(name)) {
      return json(res, 400, { message: `Service zwave_js.${name} not found.` }), 400;
    }
    if (name === "invoke_cc_api" && !wantsResponse) {
      return json(res, 400, { message: "Service call requires responses but caller did not ask for responses" }), 400;
    }
    if (name !== "invoke_cc_api" && wantsResponse) {
      return json(res, 400, { message: "Service does not support responses. Remove return_response from request." }), 400;
    }
    if (!l || !Number.isInteger(slot) || slot < 1 || slot > l.spec.slots) {
      return json(res, 400, { message: "Invalid service data" }), 400;
    }
    if (!l.online) return res.writeHead(500, { "content-type": "text/plain" }).end(SERVER_ERROR), 500;
    if (name === "invoke_cc_api") {
      if (Number(body.command_class) !== 99 || body.method_name !== "get") return json(res, 400, { message: "Invalid service data" }), 400;
      const code = l.usercodes.get(slot);
      const result = code ? { userIdStatus: 1, userCode: code } : { userIdStatus: 0, userCode: "" };
      return json(res, 200, { changed_states: [], service_response: { [l.spec.entityId]: result } }), 200;
    }
    if (l.failingSlots.has(slot)) return res.writeHead(500, { "content-type": "text/plain" }).end(SERVER_ERROR), 500;
    if (name === "set_lock_usercode") {
      const usercode = String(body.usercode ?? "");
      if (!/^\d{4,10}$/.test(usercode)) return json(res, 400, { message: "Invalid service data" }), 400;
      l.usercodes.set(slot, usercode);
    } else {
      l.usercodes.delete(slot);
    }
    return json(res, 200, []), 200;
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://ha.local");
    const record = (status: number, svc?: string) => calls.push({ method: req.method ?? "", path: url.pathname, status, ...(svc ? { service: svc } : {}) });
    if (req.headers.authorization !== `Bearer ${token}`) {
      req.resume();
      json(res, 401, { message: "Invalid authentication" });
      return void record(401);
    }
    if (req.method === "GET" && url.pathname === "/api/") return void (json(res, 200, { message: "API running." }), record(200));
    if (req.method === "GET" && url.pathname === "/api/states") return void (json(res, 200, allStates()), record(200));
    const stateMatch = /^\/api\/states\/([\w.]+)$/.exec(url.pathname);
    if (req.method === "GET" && stateMatch?.[1]) {
      const state = stateOf(stateMatch[1]);
      if (!state) return void (json(res, 404, { message: "Entity not found." }), record(404));
      return void (json(res, 200, state), record(200));
    }
    const serviceMatch = /^\/api\/services\/zwave_js\/(\w+)$/.exec(url.pathname);
    if (req.method === "POST" && serviceMatch?.[1]) {
      const status = await service(req, res, serviceMatch[1], url.searchParams.has("return_response"));
      return void record(status, serviceMatch[1]);
    }
    req.resume();
    res.writeHead(404, { "content-type": "text/plain" }).end("404: Not Found");
    record(404);
  });
  const bus = haEventBus();
  const ws = attachHomeAssistantWebSocket(server, { token, handlers: { ...registryHandlers(() => [...locks.values()].map((l) => l.spec), batteryId), ...bus.handlers } });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));

  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    token,
    batteryEntityId: batteryId,
    calls,
    setOnline: (id, online) => {
      const l = lock(id);
      l.online = online;
      l.lastChanged = now();
    },
    setBattery: (id, percent) => void (lock(id).battery = percent),
    failSlot: (id, slot) => void lock(id).failingSlots.add(slot),
    setUsercode: (id, slot, code) => void lock(id).usercodes.set(slot, code),
    usercodes: (id) => new Map(lock(id).usercodes),
    wsCommands: ws.commands,
    websocket: {
      get sockets() {
        return ws.sockets;
      },
      get accepted() {
        return ws.accepted;
      },
      subscriptions: bus.subscriptions,
      dropAll: ws.dropAll,
      refuse: ws.refuse,
    },
    deviceId: (id) => (lock(id), deviceIdOf(id)),
    fireZwaveNotification: (id, n) => bus.fire("zwave_js_notification", zwaveNotificationData(lock(id).spec, n)),
    stop: async () => {
      ws.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

const NOTIFICATION_LABELS: Record<number, string> = { 6: "Access Control", 7: "Home Security" };
const EVENT_LABELS: Record<string, string> = {
  "6:1": "Manual lock operation",
  "6:2": "Manual unlock operation",
  "6:5": "Keypad lock operation",
  "6:6": "Keypad unlock operation",
  "6:11": "Lock jammed",
  "7:3": "Tampering, product cover removed",
};

/** The `zwave_js_notification` event data HA documents for the Notification command class. */
function zwaveNotificationData(spec: EmulatedLockSpec, n: ZwaveNotification): Record<string, unknown> {
  return {
    domain: "zwave_js",
    node_id: spec.nodeId ?? 0,
    home_id: EMULATED_HOME_ID,
    endpoint: 0,
    device_id: deviceIdOf(spec.entityId),
    command_class: 113,
    command_class_name: "Notification",
    label: NOTIFICATION_LABELS[n.type] ?? "Unknown",
    type: n.type,
    event: n.event,
    event_label: EVENT_LABELS[`${n.type}:${n.event}`] ?? "Unknown",
    parameters: n.parameters ?? {},
  };
}
