import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { createApiKey } from "../../src/services/accounts/api-keys";
import { createSimulatedLockStore } from "../../src/providers/locks";
import { createLockProviderResolver } from "../../src/runtime/lock-providers";
import { startSeamFake, type SeamFake } from "../peers/seam-fake";
import { testServiceDeps } from "../support/service-deps";
import { testWorld } from "../support/world";

let fake: SeamFake;
beforeAll(async () => {
  fake = await startSeamFake();
});
afterAll(() => fake.stop());

async function setup(apiKey: string) {
  const deps = testServiceDeps({ env: { SEAM_API_URL: fake.baseUrl } });
  deps.lockProvider = createLockProviderResolver(deps, createSimulatedLockStore());
  const app = createApp(deps);
  const world = testWorld(deps);
  const { accountId, userId } = await world.account();
  const key = createApiKey(deps.db, deps.clock, { accountId, userId, name: "t" }).key;
  const call = (method: string, path: string, body?: unknown) =>
    app.request(path, { method, headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  const conn = await (await call("POST", "/api/v1/connections", { provider: "seam", name: "Seam", config: { apiKey } })).json();
  return { deps, world, accountId, call, conn };
}

describe("a Seam connection's devices", () => {
  it("lists the workspace's locks from /devices/list with online and battery, marks the ones already added, and records the connection's health", async () => {
    const h = await setup(fake.apiKey);
    fake.setBattery(fake.devices.backDoor, 0.42);
    fake.setDeviceProperties(fake.devices.backDoor, { model: { display_name: "Smart Lock Pro", manufacturer_display_name: "August" } });
    const property = h.world.property(h.accountId);
    const added = await h.call("POST", "/api/v1/locks", { propertyId: property.id, name: "Front", provider: "seam", providerDeviceId: fake.devices.frontDoor, connectionId: h.conn.id });
    expect(added.status).toBe(201);
    const res = await h.call("GET", `/api/v1/connections/${h.conn.id}/devices`);
    expect(res.status).toBe(200);
    const { data } = await res.json();
    const ids = data.map((d: { deviceId: string }) => d.deviceId);
    expect(ids).toEqual(expect.arrayContaining([fake.devices.frontDoor, fake.devices.backDoor]));
    // A thermostat takes no codes.
    expect(ids).not.toContain(fake.devices.thermostat);
    expect(data.find((d: { deviceId: string }) => d.deviceId === fake.devices.backDoor)).toMatchObject({ batteryLevel: 42, model: "August Smart Lock Pro", lockId: null });
    expect(data.find((d: { deviceId: string }) => d.deviceId === fake.devices.frontDoor).lockId).toBe((await added.json()).id);
    expect(h.deps.db.$client.prepare("select last_success_at from provider_connections where id = ?").pluck().get(h.conn.id)).toBe(h.deps.clock.now().getTime());
  });

  it("answers a refused key as unavailable and records the error, never the key", async () => {
    const h = await setup("seam_wrong_key_123");
    const res = await h.call("GET", `/api/v1/connections/${h.conn.id}/devices`);
    expect(res.status).toBe(503);
    const row = h.deps.db.$client.prepare("select last_error, last_error_at from provider_connections where id = ?").get(h.conn.id) as { last_error: string; last_error_at: number };
    expect(row.last_error_at).toBe(h.deps.clock.now().getTime());
    expect(row.last_error).not.toContain("seam_wrong_key_123");
  });
});
