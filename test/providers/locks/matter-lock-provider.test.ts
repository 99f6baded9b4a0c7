import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DoorLockClient } from "@matter/main/behaviors/door-lock";
import { DoorLock } from "@matter/main/clusters/door-lock";
import { MatterLockProvider } from "../../../src/providers/locks/matter";
import type { ProviderCallAudit } from "../../../src/providers/locks/types";
import { startMatterNetwork, type MatterNetwork } from "../../peers/matter-network";
import { caught } from "./caught";
import { slotLockContract } from "./slot-lock-contract";

/** Lock 0 runs the contract (reset before each test); lock 1 reports its own capacity and PIN lengths. */
let net: MatterNetwork;
const audits: ProviderCallAudit[] = [];

beforeAll(async () => {
  net = await startMatterNetwork([{ users: 10 }, { users: 3, minPin: 6, maxPin: 8 }]);
}, 90_000);
afterAll(async () => {
  await net?.close();
});

function provider() {
  return new MatterLockProvider({
    controller: net.controller,
    onCall: (a) => audits.push(a),
    commandTimeoutMs: 3_000,
    locks: [
      { deviceId: "front", peer: net.peers[0]!, slotCapacity: 3, firstSlot: 2, codeLengths: [4, 6] },
      { deviceId: "gate", peer: net.peers[1]! },
    ],
  });
}

let lockDown = false;
slotLockContract("Matter (matter.js virtual lock on the simulated network)", async () => {
  if (lockDown) {
    await net.online(0);
    lockDown = false;
  }
  await net.reset(0);
  audits.length = 0;
  return {
    provider: provider(),
    deviceId: "front",
    audits,
    slots: [2, 3, 4],
    revealsPins: false,
    expectSlot: async (slot, pin) => {
      expect(net.credentialAt(0, slot)).toBe(pin !== undefined);
      if (pin !== undefined) expect(await net.opensWith(0, pin)).toBe(true);
    },
    putForeign: async (slot, pin) => {
      // Another admin on the fabric (the host's own app) adds a user and PIN staykey did not write.
      const commands = net.controller.peers.get(net.peers[0]!)!.endpoints.for(1).commandsOf(DoorLockClient) as unknown as {
        setUser(r: unknown): Promise<void>;
        setCredential(r: unknown): Promise<unknown>;
      };
      await commands.setUser({ operationType: DoorLock.DataOperationType.Add, userIndex: slot, userName: "owner", userUniqueId: 7, userStatus: DoorLock.UserStatus.OccupiedEnabled, userType: DoorLock.UserType.UnrestrictedUser, credentialRule: DoorLock.CredentialRule.Single });
      await commands.setCredential({ operationType: DoorLock.DataOperationType.Add, credential: { credentialType: DoorLock.CredentialType.Pin, credentialIndex: slot }, credentialData: new TextEncoder().encode(pin), userIndex: slot, userStatus: null, userType: null });
    },
    goOffline: async () => {
      await net.offline(0);
      lockDown = true;
    },
    refuseWrites: () => void net.setPinLengths(0, 8, 8),
  };
}, { timeoutMs: 45_000 });

describe("Matter lock provider: the stack's own behaviour", () => {
  it("takes its capacity and PIN lengths from the Door Lock cluster when none are configured", async () => {
    const device = await provider().getDevice("gate");
    expect(device).toMatchObject({ online: true, capabilities: { scheduling: "slots", slotCapacity: 3, firstSlot: 1, codeLengths: [6, 7, 8] } });
  });

  it("adds a user and its PIN, so the door opens with that PIN and no other, and removal leaves no user behind", async () => {
    const p = provider();
    await p.createCode("gate", { name: "staykey:code_1", pin: "73619402", slot: 1 });
    expect(await net.opensWith(1, "73619402")).toBe(true);
    expect(await net.opensWith(1, "11111111")).toBe(false);
    await p.deleteCode("gate", "1");
    expect(net.credentialAt(1, 1)).toBe(false);
    expect(await net.opensWith(1, "73619402")).toBe(false);
    // The index is free again for the next guest: a user without a credential would still occupy it.
    await p.createCode("gate", { name: "staykey:code_2", pin: "58204617", slot: 1 });
    expect(await net.opensWith(1, "58204617")).toBe(true);
    await p.deleteCode("gate", "1");
  });

  it("recognises its own earlier create by the tag it left, so a retried job adopts the slot", async () => {
    const p = provider();
    await p.createCode("gate", { name: "staykey:code_3", pin: "48390712", slot: 2 });
    expect(await caught(p.createCode("gate", { name: "staykey:code_3", pin: "48390712", slot: 2 }))).toMatchObject({ kind: "duplicate_code", existingCodeId: "2" });
    expect((await caught(p.createCode("gate", { name: "staykey:code_4", pin: "91827364", slot: 2 }))).kind).toBe("slots_exhausted");
    await p.deleteCode("gate", "2");
  });
});
