import { SecurityClass } from "@zwave-js/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZwaveJsLockProvider } from "../../../src/providers/locks/zwave-js";
import type { ProviderCallAudit } from "../../../src/providers/locks/types";
import { startZwaveJsServer, type ZwaveJsPeer } from "../../peers/zwave-js-server";
import { caught } from "./caught";
import { slotLockContract } from "./slot-lock-contract";

/**
 * Node 2 runs the contract (reset before each test), once through the access control API (schema 48) and once through
 * User Code CC (schema 47); node 3 goes dead; node 4 reports its own slot count; node 5 is an S2 Access Control lock.
 */
let zw: ZwaveJsPeer;
const audits: ProviderCallAudit[] = [];

beforeAll(async () => {
  zw = await startZwaveJsServer({ locks: [{ nodeId: 2, users: 10, battery: 64 }, { nodeId: 3 }, { nodeId: 4, users: 4 }, { nodeId: 5, users: 6, s2: true }] });
}, 90_000);
afterAll(async () => {
  await zw?.stop();
});

function provider(over: Partial<ConstructorParameters<typeof ZwaveJsLockProvider>[0]> = {}) {
  return new ZwaveJsLockProvider({
    url: zw.url,
    onCall: (a) => audits.push(a),
    connectAttempts: 2,
    connectBackoffMs: 20,
    commandTimeoutMs: 10_000,
    locks: [
      { nodeId: 2, slotCapacity: 3, firstSlot: 2, codeLengths: [4, 6] },
      { nodeId: 3, slotCapacity: 3, codeLengths: [4, 6] },
      { nodeId: 4 },
      { nodeId: 5, slotCapacity: 3, codeLengths: [4, 6] },
    ],
    ...over,
  });
}

let serverDown = false;
let nodeDead = false;
const paths = [
  { api: "access_control", over: {} },
  { api: "user_code", over: { maxSchemaVersion: 47 } },
] as const;
for (const { api, over } of paths) {
  slotLockContract(`Z-Wave JS (zwave-js-server on the real driver, ${api})`, async () => {
    if (serverDown) {
      await zw.startServer();
      serverDown = false;
    }
    if (nodeDead) {
      await zw.silence(2, false);
      nodeDead = false;
    }
    zw.reset(2);
    audits.length = 0;
    return {
      provider: provider(over),
      deviceId: "2",
      audits,
      slots: [2, 3, 4],
      expectSlot: async (slot, pin) => expect(zw.usercode(2, slot)).toBe(pin),
      putForeign: async (slot, pin) => zw.setUsercode(2, slot, pin),
      revealsPins: true,
      goOffline: async () => {
        // Z-Wave JS UI restarting: the server is gone, the lock is not.
        await zw.stopServer();
        serverDown = true;
      },
      refuseWrites: () => zw.refuseWrites(2, true),
      die: async () => {
        await zw.silence(2, true);
        nodeDead = true;
      },
      stall: () => zw.stall(2, true),
    };
  }, { dies: true, stalls: true });
}

describe("Z-Wave JS lock provider: the stack's own behaviour", () => {
  it("negotiates the schema with the server and reports battery and node status from the driver", async () => {
    const p = provider();
    const device = await p.getDevice("2");
    expect(device).toMatchObject({ deviceId: "2", online: true, batteryLevel: 0.64, batteryStatus: "good" });
    expect(p.client.server).toMatchObject({ schemaVersion: 48 });
    p.client.close();
  });

  it("manages as many slots as the lock reports when none are configured", async () => {
    const device = await provider().getDevice("4");
    expect(device.capabilities).toMatchObject({ slotCapacity: 4, firstSlot: 1 });
  });

  for (const { api, over } of paths) {
    it(`refused writes are permanent refusals, so the code fails with a reason instead of retrying (${api})`, async () => {
      zw.reset(2);
      zw.refuseWrites(2, true);
      expect(await caught(provider(over).createCode("2", { name: "A", pin: "483907", slot: 2 }))).toMatchObject({ kind: "permanent", providerCode: "refused_by_lock" });
      zw.refuseWrites(2, false);
    });
  }

  it("a node that stops answering is offline, then dead, and alive again once it answers", async () => {
    const p = provider();
    await zw.silence(3, true);
    expect(await caught(p.createCode("3", { name: "A", pin: "483907", slot: 1 }))).toMatchObject({ kind: "offline", retryable: true });
    expect((await p.getDevice("3")).online).toBe(false);
    expect((await caught(p.createCode("3", { name: "A", pin: "483907", slot: 1 }))).kind).toBe("offline");
    await zw.silence(3, false);
    expect((await p.getDevice("3")).online).toBe(true);
    expect(await p.createCode("3", { name: "A", pin: "483907", slot: 1 })).toMatchObject({ status: "set" });
    expect(zw.usercode(3, 1)).toBe("483907");
  }, 60_000);

  it("a node the network does not have is not_found; an unreachable server is offline after its retries", async () => {
    const p = new ZwaveJsLockProvider({ url: zw.url, locks: [{ nodeId: 9, slotCapacity: 2 }] });
    expect((await caught(p.getDevice("9"))).kind).toBe("not_found");
    expect((await caught(p.getDevice("7"))).kind).toBe("not_found");
    const gone = new ZwaveJsLockProvider({ url: "ws://127.0.0.1:9", connectAttempts: 2, connectBackoffMs: 10, locks: [{ nodeId: 2, slotCapacity: 2 }] });
    expect(await caught(gone.getDevice("2"))).toMatchObject({ kind: "offline", retryable: true });
  });

  it("reconnects by itself when the server comes back", async () => {
    const p = provider();
    await p.createCode("2", { name: "A", pin: "736194", slot: 3 }).catch(() => undefined);
    await zw.stopServer();
    expect((await caught(p.listCodes("2"))).kind).toBe("offline");
    await zw.startServer();
    expect((await p.listCodes("2")).map((c) => c.slot)).toContain(3);
  });
});

describe("Z-Wave JS: the access control API and User Code CC", () => {
  it("uses endpoint.access_control.* where the server's schema offers it, User Code CC below schema 48", async () => {
    zw.reset(2);
    audits.length = 0;
    const newer = provider();
    expect(await newer.slotApi("2")).toBe("access_control");
    await newer.createCode("2", { name: "A", pin: "483907", slot: 2 });
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(["access_control.is_supported", "usercode.set", "access_control.get_credential"]));
    expect(audits.some((a) => a.action === "usercode.get")).toBe(false);
    audits.length = 0;
    const older = provider({ maxSchemaVersion: 47 });
    expect(await older.slotApi("2")).toBe("user_code");
    expect(older.client.server).toMatchObject({ schemaVersion: 47 });
    expect(await older.getCode("2", "2")).toMatchObject({ pin: "483907", status: "set" });
    expect(audits.map((a) => a.action)).not.toContain("access_control.is_supported");
    expect(audits.map((a) => a.action)).toContain("usercode.get");
    await older.deleteCode("2", "2");
    expect(zw.usercode(2, 2)).toBeUndefined();
    newer.client.close();
    older.client.close();
  });
});

describe("Z-Wave JS: an S2 Access Control lock", () => {
  for (const { api, over } of paths) {
    it(`programs, reads back and clears a PIN with every User Code command S2-encrypted (${api})`, async () => {
      zw.reset(5);
      zw.reset(2);
      const p = provider(over);
      expect(zw.driver.controller.nodes.getOrThrow(5).getHighestSecurityClass()).toBe(SecurityClass.S2_AccessControl);
      // Baseline for the figure below: the same create on the unencrypted node 2, in this run.
      const timeCreate = async (deviceId: string) => {
        const started = performance.now();
        const created = await p.createCode(deviceId, { name: "Stay", pin: "582046", slot: 2 });
        return { created, ms: performance.now() - started };
      };
      let plainMs = 0;
      let setMs = 0;
      for (let round = 0; round < 3; round++) {
        plainMs += (await timeCreate("2")).ms;
        await p.deleteCode("2", "2");
        setMs += (await timeCreate("5")).ms;
        if (round < 2) await p.deleteCode("5", "2");
      }
      const code = await p.getCode("5", "2");
      expect(code).toMatchObject({ slot: 2, status: "set" });
      expect(zw.usercode(5, 2)).toBe("582046");
      expect(await p.getCode("5", "2")).toMatchObject({ pin: "582046", status: "set" });
      await p.updateCode("5", "2", { pin: "736194" });
      expect(zw.usercode(5, 2)).toBe("736194");
      await p.deleteCode("5", "2");
      expect(zw.usercode(5, 2)).toBeUndefined();
      expect(await p.listCodes("5")).toEqual([]);
      const wire = zw.wire(5);
      expect(wire.map((w) => w.command)).toEqual(expect.arrayContaining(["UserCodeCCSet", "UserCodeCCGet"]));
      expect(wire.filter((w) => !w.s2)).toEqual([]);
      // Printed, not asserted (shared machine): README's figures come from here.
      console.info(`${api}: createCode (read 3 slots, write, read back), mean of 3: S2 Access Control ${Math.round(setMs / 3)} ms, unencrypted ${Math.round(plainMs / 3)} ms, ratio ${(setMs / plainMs).toFixed(1)}`);
      p.client.close();
    }, 60_000);
  }
});
