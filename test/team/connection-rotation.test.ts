import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { createSimulatedLockStore } from "../../src/providers/locks";
import { connectionAad } from "../../src/providers/locks/connection-config";
import { createLockProviderResolver } from "../../src/runtime/lock-providers";
import { createApiKey } from "../../src/services/accounts/api-keys";
import { startSeamFake, type SeamFake } from "../peers/seam-fake";
import { testServiceDeps } from "../support/service-deps";
import { testWorld } from "../support/world";

let fake: SeamFake;
beforeAll(async () => {
  fake = await startSeamFake();
});
afterAll(() => fake.stop());

async function setup() {
  const deps = testServiceDeps({ env: { SEAM_API_URL: fake.baseUrl } });
  deps.lockProvider = createLockProviderResolver(deps, createSimulatedLockStore());
  const app = createApp(deps);
  const world = testWorld(deps);
  const { accountId, userId } = await world.account();
  const keyFor = (a: string, u: string) => createApiKey(deps.db, deps.clock, { accountId: a, userId: u, name: "t" }).key;
  const caller = (key: string) => (method: string, path: string, body?: unknown) =>
    app.request(path, { method, headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  const call = caller(keyFor(accountId, userId));
  const other = await world.account();
  return { deps, world, accountId, call, otherCall: caller(keyFor(other.accountId, other.userId)) };
}

describe("rotating a connection's credential", () => {
  it("replaces a refused Seam key, seals the new one in its place, shows only its last 4 and checks the connection again", async () => {
    const h = await setup();
    const conn = await (await h.call("POST", "/api/v1/connections", { provider: "seam", name: "Seam", config: { apiKey: "seam_old_key_9999" } })).json();
    expect(conn.credentialHint).toBe("API key ending 9999");
    expect((await h.call("GET", `/api/v1/connections/${conn.id}/devices`)).status).toBe(503);
    expect((await (await h.call("GET", `/api/v1/connections/${conn.id}`)).json()).lastError).toBeTruthy();

    const res = await h.call("POST", `/api/v1/connections/${conn.id}/rotate`, { config: { apiKey: fake.apiKey } });
    expect(res.status).toBe(200);
    const rotated = await res.json();
    expect(rotated).toMatchObject({ credentialHint: `API key ending ${fake.apiKey.slice(-4)}`, lastError: null, lastErrorAt: null, rotatedAt: h.deps.clock.now().toISOString(), lastSuccessAt: h.deps.clock.now().toISOString() });
    expect(JSON.stringify(rotated)).not.toContain(fake.apiKey);
    const stored = h.deps.db.$client.prepare("select config_enc from provider_connections where id = ?").pluck().get(conn.id) as string;
    expect(stored).not.toContain(fake.apiKey);
    expect(JSON.parse(h.deps.box.decrypt(stored, connectionAad(conn.id)))).toEqual({ apiKey: fake.apiKey });
    expect((await h.call("GET", `/api/v1/connections/${conn.id}/devices`)).status).toBe(200);
  });

  it("keeps the provider's shape: a Home Assistant config for a Seam connection is refused, and so is an address the lock policy refuses", async () => {
    const h = await setup();
    const seam = await (await h.call("POST", "/api/v1/connections", { provider: "seam", name: "Seam", config: { apiKey: fake.apiKey } })).json();
    const wrongShape = await h.call("POST", `/api/v1/connections/${seam.id}/rotate`, { config: { baseUrl: "https://ha.example.com", token: "t" } });
    expect(wrongShape.status).toBe(400);
    const ha = await (await h.call("POST", "/api/v1/connections", { provider: "home_assistant", name: "HA", config: { baseUrl: "https://93.184.215.14:8123", token: "abcd1234" } })).json();
    expect(ha.credentialHint).toBe("token ending 1234");
    const loopback = await h.call("POST", `/api/v1/connections/${ha.id}/rotate`, { config: { baseUrl: "http://127.0.0.1:8123", token: "new-token" } });
    expect(loopback.status).toBe(400);
    expect((await loopback.json()).detail).toMatch(/loopback/);
    expect((await (await h.call("GET", `/api/v1/connections/${ha.id}`)).json()).credentialHint).toBe("token ending 1234");
  });

  it("another account's connection is not found, to rotate, list or add from", async () => {
    const h = await setup();
    const conn = await (await h.call("POST", "/api/v1/connections", { provider: "seam", name: "Seam", config: { apiKey: fake.apiKey } })).json();
    const property = h.world.property(h.accountId);
    expect((await h.otherCall("POST", `/api/v1/connections/${conn.id}/rotate`, { config: { apiKey: "seam_theirs_0000" } })).status).toBe(404);
    expect((await h.otherCall("GET", `/api/v1/connections/${conn.id}/devices`)).status).toBe(404);
    expect((await h.otherCall("POST", `/api/v1/connections/${conn.id}/locks`, { locks: [{ deviceId: fake.devices.frontDoor, propertyId: property.id }] })).status).toBe(404);
    expect((await h.otherCall("GET", `/api/v1/connections/${conn.id}`)).status).toBe(404);
  });
});

describe("adding picked devices as locks", () => {
  it("creates one lock per pick on its property, then marks them added; a second pick of the same device is refused", async () => {
    const h = await setup();
    const conn = await (await h.call("POST", "/api/v1/connections", { provider: "seam", name: "Seam", config: { apiKey: fake.apiKey } })).json();
    const a = h.world.property(h.accountId, { name: "Beach house" });
    const b = h.world.property(h.accountId, { name: "Cabin" });
    const res = await h.call("POST", `/api/v1/connections/${conn.id}/locks`, { locks: [{ deviceId: fake.devices.frontDoor, propertyId: a.id, name: "Beach front" }, { deviceId: fake.devices.backDoor, propertyId: b.id }] });
    expect(res.status).toBe(201);
    const { data } = await res.json();
    expect(data).toEqual([
      expect.objectContaining({ name: "Beach front", providerDeviceId: fake.devices.frontDoor, propertyId: a.id }),
      expect.objectContaining({ providerDeviceId: fake.devices.backDoor, propertyId: b.id }),
    ]);
    const listed = (await (await h.call("GET", `/api/v1/connections/${conn.id}/devices`)).json()).data as Array<{ deviceId: string; lockId: string | null }>;
    expect(listed.find((d) => d.deviceId === fake.devices.frontDoor)?.lockId).toBe(data[0].id);
    const again = await h.call("POST", `/api/v1/connections/${conn.id}/locks`, { locks: [{ deviceId: fake.devices.frontDoor, propertyId: b.id }] });
    expect(again.status).toBe(400);
    expect((await again.json()).detail).toMatch(/already added/);
    const missing = await h.call("POST", `/api/v1/connections/${conn.id}/locks`, { locks: [{ deviceId: "no-such-device", propertyId: b.id }] });
    expect(missing.status).toBe(400);
  });
});
