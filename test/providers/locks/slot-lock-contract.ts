import { describe, expect, it } from "vitest";
import { allocateSlots } from "../../../src/domain/pin/slot-allocation";
import type { LockProvider, ProviderCallAudit } from "../../../src/providers/locks/types";
import { caught } from "./caught";

/** One fresh lock per test, and the device side of it, as the lock itself holds its codes. */
export interface SlotLockUnderTest {
  provider: LockProvider;
  deviceId: string;
  audits: ProviderCallAudit[];
  /** The slots staykey manages on it (firstSlot.., as configured). */
  slots: number[];
  /** Asserts, on the device itself, that the slot holds this PIN (undefined: that it is empty). */
  expectSlot(slot: number, pin: string | undefined): Promise<void>;
  /** A code set at the keypad (or by another admin), which staykey did not create. */
  putForeign(slot: number, pin: string): Promise<void>;
  /** False for locks that never report a PIN (Matter): a PIN clash in another slot cannot be named. */
  revealsPins: boolean;
  /** The lock (or its controller) stops answering. */
  goOffline(): Promise<void>;
  /** The lock refuses writes from now on. */
  refuseWrites(): void;
  /**
   * Where `goOffline` takes the stack away (Z-Wave JS UI restarting), the lock alone dies while the stack runs (a
   * Z-Wave node the driver marks dead). Matter's and Home Assistant's `goOffline` is already that case.
   */
  die?(): Promise<void>;
  /** The lock takes commands but never sends its reports (asleep, busy, half out of range). */
  stall?(): void;
}

export interface SlotLockContractOptions {
  timeoutMs?: number;
  /** Runs the dead-lock case (needs `die`). */
  dies?: boolean;
  /** Runs the silent-lock case (needs `stall`). */
  stalls?: boolean;
}

/**
 * What every slot-based lock provider (Home Assistant, Z-Wave JS, Matter) must do, checked against its real or emulated
 * stack: program and read back, a moved window that leaves the lock alone, revoke and verify, constraints, slot limits,
 * offline and a refused code, and where the stack can show them, a dead lock and a silent one. Each provider's test
 * file runs it with its own `fresh()`.
 */
export function slotLockContract(name: string, fresh: () => Promise<SlotLockUnderTest>, opts: SlotLockContractOptions = {}): void {
  const t = opts.timeoutMs ?? 20_000;
  describe(`${name}: the slot lock provider contract`, () => {
    it("programs a code into a slot and reads it back from the lock itself", async () => {
      const lock = await fresh();
      const slot = lock.slots[1]!;
      const code = await lock.provider.createCode(lock.deviceId, { name: "Stay 1", pin: "483907", slot });
      expect(code).toMatchObject({ codeId: String(slot), slot, status: "set" });
      await lock.expectSlot(slot, "483907");
      expect(await lock.provider.getCode(lock.deviceId, code.codeId)).toMatchObject({ slot, status: "set" });
      expect(await lock.provider.listCodes(lock.deviceId)).toEqual([expect.objectContaining({ codeId: String(slot), status: "set" })]);
      expect(JSON.stringify(lock.audits)).not.toContain("483907");
    }, t);

    it("moves a window without touching the lock, and changes a PIN in place", async () => {
      const lock = await fresh();
      const slot = lock.slots[0]!;
      const code = await lock.provider.createCode(lock.deviceId, { name: "Stay", pin: "483907", slot });
      const d = new Date(Date.UTC(2031, 0, 2));
      expect(await lock.provider.updateCode(lock.deviceId, code.codeId, { startsAt: d, endsAt: new Date(d.getTime() + 86_400_000) })).toMatchObject({ slot, status: "set" });
      await lock.expectSlot(slot, "483907");
      expect(await lock.provider.updateCode(lock.deviceId, code.codeId, { pin: "736194" })).toMatchObject({ slot, status: "set" });
      await lock.expectSlot(slot, "736194");
    }, t);

    it("revokes a code, verifies it is gone, and deleting it again is a no-op", async () => {
      const lock = await fresh();
      const slot = lock.slots[0]!;
      const code = await lock.provider.createCode(lock.deviceId, { name: "Stay", pin: "483907", slot });
      await lock.provider.deleteCode(lock.deviceId, code.codeId);
      await lock.expectSlot(slot, undefined);
      expect(await lock.provider.listCodes(lock.deviceId)).toEqual([]);
      expect((await caught(lock.provider.getCode(lock.deviceId, code.codeId))).kind).toBe("not_found");
      await lock.provider.deleteCode(lock.deviceId, code.codeId);
    }, t);

    it("reports itself slot-based with its constraints and slot range", async () => {
      const lock = await fresh();
      const device = await lock.provider.getDevice(lock.deviceId);
      const caps = lock.provider.capabilities(device);
      expect(device).toMatchObject({ deviceId: lock.deviceId, online: true });
      expect(caps).toMatchObject({ scheduling: "slots", codeLengths: [4, 6], constraints: { supportedLengths: [4, 6] }, slotCapacity: lock.slots.length, firstSlot: lock.slots[0] });
    }, t);

    it("names the slot holding a PIN already on the lock, so a repeated create can be adopted", async () => {
      const lock = await fresh();
      const [a, b] = [lock.slots[0]!, lock.slots[1]!];
      await lock.provider.createCode(lock.deviceId, { name: "A", pin: "483907", slot: a });
      expect(await caught(lock.provider.createCode(lock.deviceId, { name: "A", pin: "483907", slot: a }))).toMatchObject({ kind: "duplicate_code", existingCodeId: String(a) });
      const clash = await caught(lock.provider.createCode(lock.deviceId, { name: "B", pin: "483907", slot: b }));
      expect(clash).toMatchObject({ kind: "duplicate_code", ...(lock.revealsPins ? { existingCodeId: String(a) } : {}) });
      await lock.expectSlot(b, undefined);
    }, t);

    it("never overwrites a code it did not set, and reports the slots exhausted", async () => {
      const lock = await fresh();
      const [first, ...rest] = lock.slots;
      await lock.putForeign(first!, "901234");
      const pins = ["483907", "736194", "582046", "615283", "294750", "850361", "173904", "640218", "927315"];
      for (const [i, slot] of rest.entries()) await lock.provider.createCode(lock.deviceId, { name: `S${i}`, pin: pins[i]!, slot });
      await lock.expectSlot(first!, "901234");
      expect((await caught(lock.provider.createCode(lock.deviceId, { name: "late", pin: "318274" }))).kind).toBe("slots_exhausted");
      expect((await caught(lock.provider.createCode(lock.deviceId, { name: "late", pin: "318274", slot: first! }))).kind).toBe("slots_exhausted");
      await lock.expectSlot(first!, "901234");
      // The foreign code is part of the read-back, so the allocator plans around it.
      const onLock = await lock.provider.listCodes(lock.deviceId);
      expect(onLock.map((c) => c.slot).sort((x, y) => x! - y!)).toEqual(lock.slots);
      const now = new Date(Date.UTC(2031, 0, 1));
      const plan = allocateSlots([{ id: "next", startsAt: now, endsAt: new Date(now.getTime() + 86_400_000) }], {
        capacity: lock.slots.length, firstSlot: lock.slots[0]!, reservedSlots: onLock.map((c) => c.slot!), now,
      });
      expect(plan.unallocated).toEqual(["next"]);
    }, t);

    it("answers a lock that cannot be reached as offline (retryable), never as a failed code", async () => {
      const lock = await fresh();
      await lock.goOffline();
      const device = await lock.provider.getDevice(lock.deviceId).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
      if (device instanceof Error) expect(device).toMatchObject({ kind: "offline" });
      else expect(device.online).toBe(false);
      expect(await caught(lock.provider.createCode(lock.deviceId, { name: "A", pin: "483907", slot: lock.slots[0]! }))).toMatchObject({ kind: "offline", retryable: true });
      expect((await caught(lock.provider.deleteCode(lock.deviceId, String(lock.slots[0]!)))).kind).toBe("offline");
    }, t);

    if (opts.dies) {
      it("answers a lock that died while its controller runs as offline (retryable), and reports it not online", async () => {
        const lock = await fresh();
        const slot = lock.slots[0]!;
        await lock.die!();
        expect(await caught(lock.provider.createCode(lock.deviceId, { name: "A", pin: "483907", slot }))).toMatchObject({ kind: "offline", retryable: true });
        expect((await lock.provider.getDevice(lock.deviceId)).online).toBe(false);
        expect((await caught(lock.provider.deleteCode(lock.deviceId, String(slot)))).kind).toBe("offline");
        await lock.expectSlot(slot, undefined);
      }, t);
    }

    if (opts.stalls) {
      it("never takes a silent lock for an empty slot: a lock that takes commands but never reports is offline (retryable)", async () => {
        const lock = await fresh();
        const [a, b] = [lock.slots[0]!, lock.slots[1]!];
        await lock.provider.createCode(lock.deviceId, { name: "A", pin: "483907", slot: a });
        lock.stall!();
        expect(await caught(lock.provider.createCode(lock.deviceId, { name: "B", pin: "736194", slot: b }))).toMatchObject({ kind: "offline", retryable: true });
        expect((await caught(lock.provider.getCode(lock.deviceId, String(a)))).kind).toBe("offline");
        // Whatever the delete itself says, its read-back must not call the slot empty.
        await lock.provider.deleteCode(lock.deviceId, String(a)).catch(() => undefined);
        expect((await caught(lock.provider.listCodes(lock.deviceId))).kind).toBe("offline");
        await lock.expectSlot(a, "483907");
        await lock.expectSlot(b, undefined);
      }, t);
    }

    it("does not report a code the lock refused as set", async () => {
      const lock = await fresh();
      const slot = lock.slots[0]!;
      lock.refuseWrites();
      const outcome = await lock.provider.createCode(lock.deviceId, { name: "A", pin: "483907", slot }).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
      if (outcome instanceof Error) expect(outcome).toHaveProperty("kind");
      else expect(outcome.status).not.toBe("set");
      await lock.expectSlot(slot, undefined);
      expect((await caught(lock.provider.getCode(lock.deviceId, String(slot)))).kind).toBe("not_found");
    }, t);

    it("refuses a code id outside the slots it manages", async () => {
      const lock = await fresh();
      const outside = String(lock.slots[lock.slots.length - 1]! + 1);
      expect((await caught(lock.provider.getCode(lock.deviceId, outside))).kind).toBe("not_found");
      expect((await caught(lock.provider.createCode(lock.deviceId, { name: "A", pin: "483907", slot: Number(outside) }))).kind).toBe("permanent");
    }, t);
  });
}
