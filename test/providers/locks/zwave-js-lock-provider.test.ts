import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZwaveJsLockProvider } from "../../../src/providers/locks/zwave-js";
import type { ProviderCallAudit } from "../../../src/providers/locks/types";
import { startZwaveJsServer, type ZwaveJsPeer } from "../../peers/zwave-js-server";
import { caught } from "./caught";
import { slotLockContract } from "./slot-lock-contract";

/** Node 2 runs the contract (reset before each test); node 3 goes dead; node 4 reports its own slot count. */
let zw: ZwaveJsPeer;
const audits: ProviderCallAudit[] = [];

beforeAll(async () => {
  zw = await startZwaveJsServer({ locks: [{ nodeId: 2, users: 10, battery: 64 }, { nodeId: 3 }, { nodeId: 4, users: 4 }] });
}, 60_000);
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
    ],
    ...over,
  });
}

let serverDown = false;
slotLockContract("Z-Wave JS (zwave-js-server on the real driver)", async () => {
  if (serverDown) {
    await zw.startServer();
    serverDown = false;
  }
  zw.reset(2);
  audits.length = 0;
  return {
    provider: provider(),
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
  };
});

describe("Z-Wave JS lock provider: the stack's own behaviour", () => {
  it("negotiates the schema with the server and reports battery and node status from the driver", async () => {
    const p = provider();
    const device = await p.getDevice("2");
    expect(device).toMatchObject({ deviceId: "2", online: true, batteryLevel: 0.64, batteryStatus: "good" });
    expect(p.client.server).toMatchObject({ schemaVersion: 44 });
    p.client.close();
  });

  it("manages as many slots as the lock reports when none are configured", async () => {
    const device = await provider().getDevice("4");
    expect(device.capabilities).toMatchObject({ slotCapacity: 4, firstSlot: 1 });
  });

  it("refused writes are permanent refusals, so the code fails with a reason instead of retrying", async () => {
    zw.reset(2);
    zw.refuseWrites(2, true);
    expect(await caught(provider().createCode("2", { name: "A", pin: "483907", slot: 2 }))).toMatchObject({ kind: "permanent", providerCode: "refused_by_lock" });
    zw.refuseWrites(2, false);
  });

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
