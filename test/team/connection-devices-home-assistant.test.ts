import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { createSimulatedLockStore } from "../../src/providers/locks";
import { HomeAssistantLockProvider } from "../../src/providers/locks/home-assistant";
import { haWebSocketSession } from "../../src/providers/locks/home-assistant/ha-websocket";
import { createLockProviderResolver } from "../../src/runtime/lock-providers";
import { createApiKey } from "../../src/services/accounts/api-keys";
import { listConnectionDevices } from "../../src/services/locks/connection-devices";
import { startHomeAssistantEmulator, type HomeAssistantEmulator } from "../peers/home-assistant-emulator";
import { startZwaveJsServer, type ZwaveJsPeer } from "../peers/zwave-js-server";
import { testServiceDeps } from "../support/service-deps";
import { testWorld } from "../support/world";

let ha: HomeAssistantEmulator;
let zw: ZwaveJsPeer;
beforeAll(async () => {
  ha = await startHomeAssistantEmulator({
    locks: [
      { entityId: "lock.front_door", name: "Front door", slots: 10, battery: 64, nodeId: 5, manufacturer: "Schlage", model: "BE469ZP" },
      { entityId: "lock.garage", name: "Garage", slots: 4, nodeId: 12 },
      // A lock of another integration: the zwave_js services staykey calls cannot set its codes.
      { entityId: "lock.nuki_back", name: "Back (Nuki)", slots: 4, platform: "nuki" },
    ],
  });
  zw = await startZwaveJsServer({ locks: [{ nodeId: 3, battery: 71 }, { nodeId: 4 }] });
}, 120_000);
afterAll(async () => {
  await ha?.stop();
  await zw?.stop();
});

async function setup() {
  const deps = testServiceDeps({ env: { STAYKEY_LOCK_ALLOW_HOSTS: "127.0.0.1" } });
  deps.lockProvider = createLockProviderResolver(deps, createSimulatedLockStore());
  const app = createApp(deps);
  const world = testWorld(deps);
  const { accountId, userId } = await world.account();
  const key = createApiKey(deps.db, deps.clock, { accountId, userId, name: "t" }).key;
  const call = (method: string, path: string, body?: unknown) =>
    app.request(path, { method, headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { deps, world, accountId, call };
}

describe("a Home Assistant connection's locks", () => {
  it("lists the Z-Wave JS lock entities with name, model, battery, online and node id, over REST states and the WebSocket registries", async () => {
    const h = await setup();
    ha.setOnline("lock.garage", false);
    try {
      const conn = await (await h.call("POST", "/api/v1/connections", { provider: "home_assistant", name: "HA", config: { baseUrl: ha.baseUrl, token: ha.token } })).json();
      const property = h.world.property(h.accountId);
      const added = await (await h.call("POST", "/api/v1/locks", { propertyId: property.id, name: "Front", provider: "home_assistant", providerDeviceId: "lock.front_door", connectionId: conn.id, slotCapacity: 10 })).json();
      const res = await h.call("GET", `/api/v1/connections/${conn.id}/devices`);
      expect(res.status).toBe(200);
      const { data } = await res.json();
      expect(data).toEqual([
        { deviceId: "lock.front_door", name: "Front door", model: "Schlage BE469ZP", zwaveNodeId: 5, online: true, batteryLevel: 64, lockId: added.id },
        { deviceId: "lock.garage", name: "Garage", model: null, zwaveNodeId: 12, online: false, batteryLevel: null, lockId: null },
      ]);
      expect(ha.wsCommands.slice(-2)).toEqual(["config/entity_registry/list", "config/device_registry/list"]);
      expect(h.deps.db.$client.prepare("select last_success_at from provider_connections where id = ?").pluck().get(conn.id)).toBe(h.deps.clock.now().getTime());
    } finally {
      ha.setOnline("lock.garage", true);
    }
  });

  it("answers a refused token as unavailable and records why, without the token", async () => {
    const h = await setup();
    const conn = await (await h.call("POST", "/api/v1/connections", { provider: "home_assistant", name: "HA", config: { baseUrl: ha.baseUrl, token: "wrong-token-abcdef" } })).json();
    const res = await h.call("GET", `/api/v1/connections/${conn.id}/devices`);
    expect(res.status).toBe(503);
    const row = h.deps.db.$client.prepare("select last_error from provider_connections where id = ?").get(conn.id) as { last_error: string };
    expect(row.last_error).toMatch(/HTTP 401/);
    expect(row.last_error).not.toContain("wrong-token");
  });

  it("the adapter lists locks it was not configured with, and takes a WebSocket token Home Assistant rejects as a permanent error", async () => {
    const provider = new HomeAssistantLockProvider({ baseUrl: ha.baseUrl, token: ha.token, locks: [] });
    expect((await provider.discoverLocks()).map((d) => d.zwaveNodeId)).toEqual([5, 12]);
    await expect(haWebSocketSession({ baseUrl: ha.baseUrl, token: "nope" }, [{ type: "config/device_registry/list" }], { action: "registry.list" })).rejects.toMatchObject({ kind: "permanent", providerCode: "auth_invalid" });
  });

  it("another account's connection is not found", async () => {
    const h = await setup();
    const conn = await (await h.call("POST", "/api/v1/connections", { provider: "home_assistant", name: "HA", config: { baseUrl: ha.baseUrl, token: ha.token } })).json();
    const other = await h.world.account();
    await expect(listConnectionDevices(h.deps, other.accountId, conn.id)).rejects.toMatchObject({ kind: "not_found" });
  });
});

describe("a Z-Wave JS connection's locks", () => {
  it("lists the nodes that take user codes, from start_listening's state, without the controller", async () => {
    const h = await setup();
    const conn = await (await h.call("POST", "/api/v1/connections", { provider: "zwave_js", name: "Z-Wave JS UI", config: { url: zw.url } })).json();
    const res = await h.call("GET", `/api/v1/connections/${conn.id}/devices`);
    expect(res.status).toBe(200);
    const { data } = await res.json();
    expect(data.map((d: { deviceId: string }) => d.deviceId)).toEqual(["3", "4"]);
    expect(data[0]).toMatchObject({ zwaveNodeId: 3, online: true, lockId: null });
  }, 60_000);
});
