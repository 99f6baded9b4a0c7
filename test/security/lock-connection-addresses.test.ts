import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Resolver } from "../../src/lib/net/guarded-lookup";
import { createSimulatedLockStore } from "../../src/providers/locks/simulated";
import { createLockProviderResolver } from "../../src/runtime/lock-providers";
import { startHomeAssistantEmulator, type HomeAssistantEmulator } from "../peers/home-assistant-emulator";
import { startSeamFake, type SeamFake } from "../peers/seam-fake";
import { WebhookSink } from "../providers/messaging/webhook-sink";
import { caught } from "../providers/locks/caught";
import { testDeps } from "../support/test-deps";
import { testWorld } from "../support/world";

const TOKEN = "ha_long_lived_token_do_not_leak";

let recorder: WebhookSink;
let ha: HomeAssistantEmulator;
let seam: SeamFake;
beforeAll(async () => {
  recorder = await WebhookSink.start();
  ha = await startHomeAssistantEmulator({ locks: [{ entityId: "lock.front", slots: 5 }], token: TOKEN });
  seam = await startSeamFake();
});
afterAll(async () => {
  await recorder.close();
  await ha.stop();
  await seam.stop();
});

/** A connection row as an earlier version stored it (no check when it was saved), and a lock that uses it. */
async function lockOn(deps: ReturnType<typeof testDeps>, provider: "seam" | "home_assistant", config: Record<string, unknown>, deviceId: string) {
  const world = testWorld(deps);
  const { accountId } = await world.account({ name: "Host" });
  const connection = world.connection(accountId, { provider, name: "c", config });
  const property = world.property(accountId, { name: "Loft", timezone: "Europe/Berlin" });
  return world.lock(property.id, { connectionId: connection.id, name: "Front", provider, providerDeviceId: deviceId, slotCapacity: 5 });
}

const credentialsSeenBy = (sink: WebhookSink) => sink.received.filter((r) => (r.headers.authorization ?? "").includes("do_not_leak"));

describe("lock connections reach only the addresses the lock policy allows, checked on every call", () => {
  it("never sends a Home Assistant token to a loopback address nobody allowed, and does not retry the refusal", async () => {
    const deps = testDeps();
    const lock = await lockOn(deps, "home_assistant", { baseUrl: recorder.baseUrl, token: TOKEN }, "lock.front");
    const err = await caught(createLockProviderResolver(deps, createSimulatedLockStore())(lock).getDevice("lock.front"));
    expect(err).toMatchObject({ kind: "permanent", provider: "home_assistant" });
    expect(err.message).toMatch(/refused address: 127\.0\.0\.1 is loopback after 1 attempt/);
    expect(recorder.received).toEqual([]);
  });

  it("refuses a name that re-resolves to a refused address between the check and the call (DNS rebinding)", async () => {
    const deps = testDeps();
    const port = new URL(recorder.baseUrl).port;
    const rebinding: Resolver = async () => [{ address: "127.0.0.1", family: 4 }];
    const lock = await lockOn(deps, "home_assistant", { baseUrl: `http://ha.example.test:${port}`, token: TOKEN }, "lock.front");
    const err = await caught(createLockProviderResolver(deps, createSimulatedLockStore(), { resolver: rebinding })(lock).getDevice("lock.front"));
    expect(err.message).toMatch(/ha\.example\.test resolves to 127\.0\.0\.1 \(loopback\)/);
    expect(credentialsSeenBy(recorder)).toEqual([]);
  });

  it("refuses link-local and metadata addresses even when the operator allow-lists them", async () => {
    const deps = testDeps({ env: { STAYKEY_LOCK_ALLOW_HOSTS: "169.254.0.0/16,fe80::/10,ha.lan,100.100.100.200" } });
    const metadata: Resolver = async () => [{ address: "169.254.169.254", family: 4 }];
    const resolve = createLockProviderResolver(deps, createSimulatedLockStore(), { resolver: metadata });
    for (const baseUrl of ["http://169.254.169.254", "http://[fe80::1]:8123", "http://ha.lan:8123", "http://[::ffff:169.254.169.254]", "http://100.100.100.200"]) {
      const err = await caught(resolve(await lockOn(deps, "home_assistant", { baseUrl, token: TOKEN }, "lock.front")).getDevice("lock.front"));
      expect(err.message, baseUrl).toMatch(/refused address: .*(linkLocal|cloud metadata)/);
    }
  });

  it("reaches a Home Assistant on a private address once the operator allows it", async () => {
    const deps = testDeps({ env: { STAYKEY_LOCK_ALLOW_HOSTS: "127.0.0.1" } });
    const lock = await lockOn(deps, "home_assistant", { baseUrl: ha.baseUrl, token: TOKEN }, "lock.front");
    const device = await createLockProviderResolver(deps, createSimulatedLockStore())(lock).getDevice("lock.front");
    expect(device.deviceId).toBe("lock.front");
  });

  it("sends a Seam key only to the operator's SEAM_API_URL, never to a base URL stored with the connection", async () => {
    const deps = testDeps({ env: { SEAM_API_URL: seam.baseUrl } });
    const lock = await lockOn(deps, "seam", { apiKey: seam.apiKey, baseUrl: `${recorder.baseUrl}/` }, seam.devices.frontDoor);
    const device = await createLockProviderResolver(deps, createSimulatedLockStore())(lock).getDevice(seam.devices.frontDoor);
    expect(device.deviceId).toBe(seam.devices.frontDoor);
    expect(recorder.received).toEqual([]);
  });
});
