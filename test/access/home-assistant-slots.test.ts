import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HomeAssistantLockProvider, type LockProvider } from "../../src/providers/locks";
import { startHomeAssistantEmulator, type HomeAssistantEmulator } from "../peers/home-assistant-emulator";
import { answerLostOnce, createAccessHarness } from "./access-harness";

let ha: HomeAssistantEmulator;
const LOCKS = ["lock.slots_a", "lock.slots_b", "lock.slots_c", "lock.slots_d"].map((entityId) => ({ entityId, slots: 2 }));
let lockN = 0;

beforeAll(async () => {
  ha = await startHomeAssistantEmulator({ locks: LOCKS });
});
afterAll(async () => {
  await ha.stop();
});

async function slotHarness(wrap: (provider: HomeAssistantLockProvider) => LockProvider = (provider) => provider) {
  const entity = LOCKS[lockN++]!.entityId;
  const h = await createAccessHarness((_lock, onCall) => wrap(new HomeAssistantLockProvider({
    baseUrl: ha.baseUrl, token: ha.token, retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 5 }, onCall,
    locks: [{ entityId: entity, slotCapacity: 2, firstSlot: 1, codeLengths: [6] }],
  })));
  const lock = h.addLock({ provider: "home_assistant", providerDeviceId: entity, nativeSchedules: false, slotCapacity: 2, supportedCodeLengths: [6] });
  return { h, entity, lock };
}

describe("slot locks through Home Assistant (Z-Wave JS emulator)", () => {
  it("sets the code at window start, not before, and clears it at window end", async () => {
    const { h, entity } = await slotHarness();
    const stayId = h.addStay("2030-03-02T03:00:00Z", "2030-03-04T22:00:00Z");
    await h.plan(stayId);
    await h.runDue();
    expect(ha.usercodes(entity).size).toBe(0);
    expect(h.codesOf({ stayId })[0]).toMatchObject({ state: "planned", programAt: new Date("2030-03-02T02:00:00Z") });

    h.clock.set("2030-03-02T02:00:00Z");
    await h.runDue();
    const code = h.codesOf({ stayId })[0]!;
    expect(code.state).toBe("active");
    expect(ha.usercodes(entity).get(code.slot!)).toBe(h.pinOf(code));
    expect(h.emitted).toContainEqual({ type: "guest-code.ready", stayId });

    h.clock.set(code.validTo);
    await h.runDue();
    expect(h.codesOf({ stayId })[0]!.state).toBe("revoked");
    expect(ha.usercodes(entity).size).toBe(0);
  });

  it("gives slots to the soonest stays, never evicts a guest in progress, and alerts when slots run out", async () => {
    const { h, entity } = await slotHarness();
    const first = h.addStay("2030-03-01T03:00:00Z", "2030-03-06T22:00:00Z");
    const second = h.addStay("2030-03-02T03:00:00Z", "2030-03-06T22:00:00Z");
    const third = h.addStay("2030-03-03T03:00:00Z", "2030-03-06T22:00:00Z");
    for (const s of [third, second, first]) await h.plan(s);
    expect(h.alertsOf("slots_exhausted")).toHaveLength(1);

    for (const at of ["2030-03-01T02:00:00Z", "2030-03-02T02:00:00Z", "2030-03-03T02:00:00Z"]) {
      h.clock.set(at);
      await h.runDue();
    }
    expect(h.codesOf({ stayId: first })[0]!.state).toBe("active");
    expect(h.codesOf({ stayId: second })[0]!.state).toBe("active");
    expect(h.codesOf({ stayId: third })[0]).toMatchObject({ state: "failed", lastError: expect.stringMatching(/slot/) });
    const onLock = ha.usercodes(entity);
    expect([...onLock.values()].sort()).toEqual([h.pinOf(h.codesOf({ stayId: first })[0]!), h.pinOf(h.codesOf({ stayId: second })[0]!)].sort());
    expect(h.alertsOf("slots_exhausted")[0]).toMatchObject({ status: "open", subjectType: "lock" });
  });

  it("retries while the lock is unavailable and sets the code when it comes back", async () => {
    const { h, entity } = await slotHarness();
    const stayId = h.addStay("2030-03-01T03:00:00Z", "2030-03-03T22:00:00Z");
    ha.setOnline(entity, false);
    await h.plan(stayId);
    h.clock.set("2030-03-01T02:00:00Z");
    await h.runDue();
    expect(h.codesOf({ stayId })[0]).toMatchObject({ state: "planned", lastError: expect.stringMatching(/offline/) });
    ha.setOnline(entity, true);
    h.clock.advance(5 * 60_000);
    await h.runDue();
    expect(h.codesOf({ stayId })[0]!.state).toBe("active");
    expect(ha.usercodes(entity).size).toBe(1);
  });

  it("adopts its own write when the answer was lost: the slot it asked for holds its PIN, and nothing else is written", async () => {
    const { h, entity } = await slotHarness(answerLostOnce());
    const stayId = h.addStay("2030-03-02T03:00:00Z", "2030-03-04T22:00:00Z");
    await h.plan(stayId);
    h.clock.set("2030-03-02T02:00:00Z");
    await h.runDue();
    const planned = h.codesOf({ stayId })[0]!;
    expect(planned).toMatchObject({ state: "planned", providerCodeId: null });
    expect([...ha.usercodes(entity).entries()]).toEqual([[planned.slot, h.pinOf(planned)]]);

    h.clock.advance(5 * 60_000);
    await h.runDue();
    const code = h.codesOf({ stayId })[0]!;
    expect(code).toMatchObject({ state: "active", slot: planned.slot, providerCodeId: String(planned.slot) });
    expect(h.pinOf(code)).toBe(h.pinOf(planned));
    expect([...ha.usercodes(entity).entries()]).toEqual([[planned.slot, h.pinOf(planned)]]);
  });
});
