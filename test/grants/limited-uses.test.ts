import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SeamLockProvider } from "../../src/providers/locks";
import { recordDoorEvent } from "../../src/services/door/record-door-event";
import { createGrant } from "../../src/services/grants/grants";
import { createAccessHarness } from "../access/access-harness";
import { startSeamFake, type SeamFake } from "../peers/seam-fake";
import { grantsHarness } from "./grants-harness";

describe("limited uses on a lock that spends the code itself (Seam)", () => {
  let fake: SeamFake;
  beforeAll(async () => {
    fake = await startSeamFake();
  });
  afterAll(async () => {
    await fake.stop();
  });

  it("creates a one-use code on the Seam fake with is_one_time_use, and a two-use code without it", async () => {
    const h = await createAccessHarness((_lock, onCall) => new SeamLockProvider({
      apiKey: fake.apiKey, baseUrl: fake.baseUrl, retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 5, timeoutMs: 5_000 }, onCall,
    }));
    const device = fake.addLockDevice("Delivery door");
    const lock = h.addLock({ provider: "seam", providerDeviceId: device, nativeSchedules: true });
    const schedule = (uses: number) => ({ kind: "limited_uses" as const, uses, from: "2030-03-01T10:00", to: "2030-03-01T18:00" });
    const once = await createGrant(h.deps, h.accountId, { lockIds: [lock.id], name: "Courier", email: "courier@example.com", schedule: schedule(1) }, "test");
    const twice = await createGrant(h.deps, h.accountId, { lockIds: [lock.id], name: "Movers", email: "movers@example.com", schedule: schedule(2) }, "test");
    await h.runDue();

    const onSeam = (pin: string) => fake.accessCodes(device).find((ac) => ac.code === pin);
    expect(onSeam(once.pin)).toMatchObject({ is_one_time_use: true });
    expect(onSeam(twice.pin)).toMatchObject({ is_one_time_use: false });
    expect(h.codesOf({ lockId: lock.id }).map((c) => [c.grantId, c.oneTimeUse]).sort()).toEqual([[once.grant.id, true], [twice.grant.id, false]].sort());
  });
});

/** A property with one simulated lock and a limited-uses grant on it (created through the API, confirmed on the lock). */
async function limitedGrant(uses: number, extra: Array<Record<string, unknown>> = []) {
  const h = await grantsHarness({ now: "2027-03-10T09:00:00Z" });
  const property = await h.property(h.a);
  const lock = await h.lock(h.a, property.id, "Front door");
  const grant = (await h.a.request("POST", "/api/v1/access-grants", {
    propertyId: property.id, name: "Movers", phone: "+491703333333", schedule: { kind: "limited_uses", uses, from: "2027-03-10T09:00", to: "2027-03-10T20:00" },
  })).body as { id: string };
  const others = [];
  for (const body of extra) others.push((await h.a.request("POST", "/api/v1/access-grants", { propertyId: property.id, ...body })).body as { id: string });
  await h.runDue();
  /** Door activity reports an unlock by the grant's code on the lock. */
  const unlock = (grantId: string, eventId: string) => recordDoorEvent(h.deps, {
    provider: "simulated", providerEventId: eventId, lockId: lock.id, kind: "unlocked", method: "keypad", providerCodeId: h.codesOf(grantId)[0]!.providerCodeId, occurredAt: h.deps.clock.now(),
  });
  return { h, grant, others, unlock };
}

describe("limited uses counted from door activity (simulated lock)", () => {
  it("removes the code from the lock after its Nth reported unlock, counting a redelivered event once", async () => {
    const { h, grant, unlock } = await limitedGrant(2);
    expect(h.codesOf(grant.id)[0]!.state).toBe("active");

    await unlock(grant.id, "ev-1");
    await unlock(grant.id, "ev-1");
    const once = (await h.a.request("GET", `/api/v1/access-grants/${grant.id}`)).body;
    expect(once).toMatchObject({ usesSeen: 1, status: "active" });
    expect(h.codesOf(grant.id)[0]!.state).toBe("active");

    await unlock(grant.id, "ev-2");
    expect(h.codesOf(grant.id)[0]!.state).toBe("revoking");
    await h.runDue();
    expect(h.codesOf(grant.id)[0]!.state).toBe("revoked");
    expect((await h.a.request("GET", `/api/v1/access-grants/${grant.id}`)).body).toMatchObject({ usesSeen: 2, status: "ended" });
    expect(h.auditOf(grant.id)).toEqual(["grant.create", "grant.use", "grant.use", "grant.used_up"]);
  });

  it("revokes a one-time code on the simulated lock after its first unlock, and ignores unlocks by other codes", async () => {
    const { h, grant, others, unlock } = await limitedGrant(1, [{ name: "Mum", phone: "+491705555555", schedule: { kind: "always" } }]);
    const family = others[0]!;
    await unlock(family.id, "ev-family");
    expect(h.codesOf(grant.id)[0]!.state).toBe("active");
    await unlock(grant.id, "ev-courier");
    await h.runDue();
    expect(h.codesOf(grant.id)[0]!.state).toBe("revoked");
    expect(h.codesOf(family.id)[0]!.state).toBe("active");
  });
});
