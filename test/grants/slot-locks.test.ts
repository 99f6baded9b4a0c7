import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HomeAssistantLockProvider } from "../../src/providers/locks";
import { createGrant } from "../../src/services/grants/grants";
import { createAccessHarness } from "../access/access-harness";
import { startHomeAssistantEmulator, type HomeAssistantEmulator } from "../peers/home-assistant-emulator";

const ENTITY = "lock.grant_slots";
let ha: HomeAssistantEmulator;

beforeAll(async () => {
  ha = await startHomeAssistantEmulator({ locks: [{ entityId: ENTITY, slots: 2 }] });
});
afterAll(async () => {
  await ha.stop();
});

describe("grants on a slot lock (Home Assistant, two slots)", () => {
  it("take slots by the same allocation as guests and never evict the guest in the house", async () => {
    const h = await createAccessHarness((_lock, onCall) => new HomeAssistantLockProvider({
      baseUrl: ha.baseUrl, token: ha.token, retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 5 }, onCall,
      locks: [{ entityId: ENTITY, slotCapacity: 2, firstSlot: 1, codeLengths: [6] }],
    }));
    const lock = h.addLock({ provider: "home_assistant", providerDeviceId: ENTITY, nativeSchedules: false, slotCapacity: 2, supportedCodeLengths: [6] });
    const guest = h.addStay("2030-03-01T03:00:00Z", "2030-03-06T22:00:00Z");
    await h.plan(guest);
    h.clock.set("2030-03-01T02:00:00Z");
    await h.runDue();
    const inHouse = h.codesOf({ stayId: guest })[0]!;
    expect(inHouse.state).toBe("active");

    // The property is in Auckland (UTC+13 in March): family from now on, a plumber 14:00-18:00 local the next day.
    h.clock.set("2030-03-01T12:00:00Z");
    const family = await createGrant(h.deps, h.accountId, { lockIds: [lock.id], name: "Family", email: "fam@example.com", schedule: { kind: "always" } }, "test");
    const plumber = await createGrant(h.deps, h.accountId, { lockIds: [lock.id], name: "Plumber", email: "fix@example.com", schedule: { kind: "window", from: "2030-03-02T14:00", to: "2030-03-02T18:00" } }, "test");
    await h.runDue();
    const grantCode = (grantId: string) => h.codesOf({ lockId: lock.id }).find((c) => c.grantId === grantId)!;
    expect(grantCode(family.grant.id)).toMatchObject({ state: "active", slot: expect.any(Number) });
    // Slot locks hold no schedule: the plumber's code waits for its window.
    expect(grantCode(plumber.grant.id)).toMatchObject({ state: "planned", programAt: new Date("2030-03-02T01:00:00Z") });

    h.clock.set("2030-03-02T01:00:00Z");
    await h.runDue();
    expect(grantCode(plumber.grant.id)).toMatchObject({ state: "failed", lastError: expect.stringMatching(/slot/) });
    expect(h.codesOf({ stayId: guest })[0]).toMatchObject({ state: "active", slot: inHouse.slot });
    expect([...ha.usercodes(ENTITY).values()].sort()).toEqual([h.pinOf(inHouse), family.pin].sort());
    expect(h.alertsOf("slots_exhausted")[0]).toMatchObject({ status: "open", subjectId: grantCode(plumber.grant.id).id });
  });
});
