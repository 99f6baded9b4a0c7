import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { allocateSlots } from "../../../src/domain/pin/slot-allocation";
import { HomeAssistantLockProvider } from "../../../src/providers/locks/home-assistant";
import { caught } from "./caught";
import { slotLockContract } from "./slot-lock-contract";
import type { ProviderCallAudit } from "../../../src/providers/locks/types";
import { startHomeAssistantEmulator, type HomeAssistantEmulator } from "../../peers/home-assistant-emulator";

let ha: HomeAssistantEmulator;
let provider: HomeAssistantLockProvider;
let audits: ProviderCallAudit[];
let lockN = 0;
let lock: string;


const LOCKS = Array.from({ length: 40 }, (_, i) => ({ entityId: `lock.door_${i + 1}`, name: `Door ${i + 1}`, slots: 6 }));

beforeAll(async () => {
  ha = await startHomeAssistantEmulator({ locks: LOCKS });
});
afterAll(async () => {
  await ha.stop();
});
beforeEach(() => {
  // A fresh lock per test keeps slot state independent without restarting the emulator.
  lock = LOCKS[lockN++]?.entityId ?? "";
  audits = [];
  provider = new HomeAssistantLockProvider({
    baseUrl: ha.baseUrl,
    token: ha.token,
    retry: { baseDelayMs: 5, maxDelayMs: 20, retries: 2 },
    onCall: (a) => audits.push(a),
    locks: LOCKS.map((l) => ({ entityId: l.entityId, slotCapacity: 3, firstSlot: 2, codeLengths: [4, 6] })),
  });
});

describe("Home Assistant (Z-Wave JS) lock provider against the emulator", () => {
  it("reports the lock as slot-based with its capacity, battery and last seen", async () => {
    ha.setBattery(lock, 21);
    const device = await provider.getDevice(lock);
    expect(device).toMatchObject({ deviceId: lock, online: true, batteryLevel: 0.21, batteryStatus: "low" });
    expect(device.lastSeenAt).toBeInstanceOf(Date);
    expect(provider.capabilities(device)).toEqual({
      scheduling: "slots",
      codeLengths: [4, 6],
      constraints: { supportedLengths: [4, 6] },
      slotCapacity: 3,
      firstSlot: 2,
    });
  });

  it("sets a code in a slot, reads it back from the lock, and clears it", async () => {
    const code = await provider.createCode(lock, { name: "Stay 1", pin: "483907", slot: 3 });
    expect(code).toMatchObject({ codeId: "3", slot: 3, status: "set", pin: "483907" });
    expect(ha.usercodes(lock).get(3)).toBe("483907");
    expect(await provider.listCodes(lock)).toEqual([expect.objectContaining({ slot: 3, pin: "483907", status: "set" })]);

    await provider.deleteCode(lock, "3");
    expect(ha.usercodes(lock).has(3)).toBe(false);
    expect(await provider.listCodes(lock)).toEqual([]);
    expect((await caught(provider.getCode(lock, "3"))).kind).toBe("not_found");
    expect(JSON.stringify(audits)).not.toContain("483907");
  });

  it("changes the PIN in place, and names the slot that already holds a PIN for a repeated create to adopt", async () => {
    await provider.createCode(lock, { name: "Stay", pin: "483907", slot: 2 });
    expect(await caught(provider.createCode(lock, { name: "Stay", pin: "483907", slot: 2 }))).toMatchObject({ kind: "duplicate_code", existingCodeId: "2" });
    await provider.updateCode(lock, "2", { pin: "736194" });
    expect(ha.usercodes(lock)).toEqual(new Map([[2, "736194"]]));
  });

  it("refuses a PIN already in another slot", async () => {
    await provider.createCode(lock, { name: "A", pin: "483907", slot: 2 });
    expect(await caught(provider.createCode(lock, { name: "B", pin: "483907", slot: 3 }))).toMatchObject({ kind: "duplicate_code", existingCodeId: "2" });
  });

  it("reports slots exhausted instead of overwriting someone else's code", async () => {
    ha.setUsercode(lock, 4, "901234"); // not ours: set at the keypad
    await provider.createCode(lock, { name: "A", pin: "483907" });
    await provider.createCode(lock, { name: "B", pin: "736194" });
    expect([...ha.usercodes(lock).keys()].sort()).toEqual([2, 3, 4]);
    expect((await caught(provider.createCode(lock, { name: "C", pin: "582046" }))).kind).toBe("slots_exhausted");
    expect((await caught(provider.createCode(lock, { name: "C", pin: "582046", slot: 4 }))).kind).toBe("slots_exhausted");
    expect(ha.usercodes(lock).get(4)).toBe("901234");
  });

  it("feeds allocateSlots so the soonest stays get the free slots", async () => {
    ha.setUsercode(lock, 2, "901234");
    const onLock = await provider.listCodes(lock);
    const d = (n: number) => new Date(Date.UTC(2030, 0, n));
    const plan = allocateSlots(
      [
        { id: "later", startsAt: d(3), endsAt: d(9) },
        { id: "sooner", startsAt: d(2), endsAt: d(6) },
        { id: "soonest", startsAt: d(1), endsAt: d(4) },
      ],
      { capacity: 3, firstSlot: 2, reservedSlots: onLock.map((c) => c.slot ?? 0), now: d(0) },
    );
    expect(plan.unallocated).toEqual(["later"]);
    for (const a of plan.assigned) await provider.createCode(lock, { name: a.id, pin: a.id === "sooner" ? "736194" : "483907", slot: a.slot });
    expect([...ha.usercodes(lock).keys()].sort()).toEqual([2, 3, 4]);
  });

  it("refuses to program an unavailable lock with an offline error", async () => {
    ha.setOnline(lock, false);
    expect((await provider.getDevice(lock)).online).toBe(false);
    const err = await caught(provider.createCode(lock, { name: "A", pin: "483907", slot: 2 }));
    expect(err).toMatchObject({ kind: "offline", retryable: true });
    expect((await caught(provider.deleteCode(lock, "2"))).kind).toBe("offline");
  });

  it("retries a slot the lock keeps failing, then gives up with a transient error", async () => {
    ha.failSlot(lock, 3);
    const before = ha.calls.length;
    const err = await caught(provider.createCode(lock, { name: "A", pin: "483907", slot: 3 }));
    expect(err).toMatchObject({ kind: "transient", httpStatus: 500 });
    const writes = ha.calls.slice(before).filter((c) => c.service === "set_lock_usercode");
    expect(writes.map((c) => c.status)).toEqual([500, 500, 500]);
  });

  it("treats a wrong token as permanent and answers the ping with the right one", async () => {
    const bad = new HomeAssistantLockProvider({ baseUrl: ha.baseUrl, token: "nope", locks: [{ entityId: lock, slotCapacity: 3 }] });
    expect((await caught(bad.getDevice(lock))).kind).toBe("permanent");
    const ping = await fetch(`${ha.baseUrl}/api/`, { headers: { authorization: `Bearer ${ha.token}` } });
    expect(await ping.json()).toEqual({ message: "API running." });
  });
});

slotLockContract("Home Assistant (emulator)", async () => {
  const entityId = LOCKS[lockN++]?.entityId ?? "";
  const seen: ProviderCallAudit[] = [];
  return {
    provider: new HomeAssistantLockProvider({
      baseUrl: ha.baseUrl,
      token: ha.token,
      retry: { baseDelayMs: 5, maxDelayMs: 20, retries: 2 },
      onCall: (a) => seen.push(a),
      locks: LOCKS.map((l) => ({ entityId: l.entityId, slotCapacity: 3, firstSlot: 2, codeLengths: [4, 6] })),
    }),
    deviceId: entityId,
    audits: seen,
    slots: [2, 3, 4],
    expectSlot: async (slot, pin) => expect(ha.usercodes(entityId).get(slot)).toBe(pin),
    putForeign: async (slot, pin) => ha.setUsercode(entityId, slot, pin),
    revealsPins: true,
    goOffline: async () => ha.setOnline(entityId, false),
    refuseWrites: () => {
      for (const slot of [2, 3, 4]) ha.failSlot(entityId, slot);
    },
  };
});
