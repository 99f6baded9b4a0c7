import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MatterFabrics, MatterLockProvider, parsePairingCode } from "../../../src/providers/locks/matter";
import { startMatterLocks, type MatterLocks } from "../../peers/matter-network";

let locks: MatterLocks;
beforeAll(async () => {
  // One lock per test that commissions: a commissioned lock closes its pairing window.
  locks = await startMatterLocks([{ users: 4 }, { users: 4 }, { users: 4 }]);
}, 90_000);

const memoryStore = () => {
  const stored = new Map<string, string>();
  return { stored, store: { load: (id: string) => stored.get(id), save: (id: string, s: string) => void stored.set(id, s) } };
};

async function pair(fabrics: MatterFabrics, connectionId: string, lock: number): Promise<string> {
  const pairing = parsePairingCode(locks.pairingCode(lock));
  if ("error" in pairing) throw new Error(pairing.error);
  return fabrics.commission(connectionId, pairing);
}
afterAll(async () => {
  await locks?.close();
});

describe("staykey's Matter controller for a connection", () => {
  it("commissions a lock from its manual pairing code, keeps the fabric only in its store, and finds it again after a restart", async () => {
    const { stored, store } = memoryStore();
    const fabrics = new MatterFabrics({ store, network: () => locks.host() });
    const peer = await pair(fabrics, "conn_a", 0);
    const found = await new MatterLockProvider({ controller: () => fabrics.controller("conn_a"), locks: [] }).discoverLocks();
    expect(found).toEqual([expect.objectContaining({ deviceId: `${peer}/1`, online: true })]);
    await fabrics.close();
    expect(stored.get("conn_a")).toBeDefined();

    // A new process: the same fabric from the store, the lock still answers its commands.
    const again = new MatterFabrics({ store, network: () => locks.host() });
    const provider = new MatterLockProvider({ controller: () => again.controller("conn_a"), locks: [{ deviceId: `${peer}/1`, peer, endpoint: 1, codeLengths: [6] }], commandTimeoutMs: 5_000 });
    expect((await provider.discoverLocks()).map((l) => l.deviceId)).toEqual([`${peer}/1`]);
    const code = await provider.createCode(`${peer}/1`, { name: "stay x", pin: "482913", slot: 1 });
    expect(code.status).toBe("set");
    expect(locks.credentialAt(0, 1)).toBe(true);
    await again.close();
  }, 120_000);

  it("runs two connections side by side on the machine's own network, each controller on a port of its own", async () => {
    // Matter's standard port (5540) fits one node per machine: a second controller there failed with EADDRINUSE.
    const fabrics = new MatterFabrics({ store: memoryStore().store });
    try {
      const [a, b] = await Promise.all([fabrics.port("conn_x"), fabrics.port("conn_y")]);
      expect(a).toBeGreaterThan(0);
      expect(b).toBeGreaterThan(0);
      expect(a).not.toBe(b);
    } finally {
      await fabrics.close();
    }
  }, 60_000);

  it("leaves a connection's locks: staykey's users go, then its fabric, the host's own user stays, and the other connection keeps working", async () => {
    const fabrics = new MatterFabrics({ store: memoryStore().store, network: () => locks.host() });
    try {
      const [peerB, peerC] = [await pair(fabrics, "conn_b", 1), await pair(fabrics, "conn_c", 2)];
      const provider = (conn: string, peer: string) => new MatterLockProvider({ controller: () => fabrics.controller(conn), locks: [{ deviceId: `${peer}/1`, peer, codeLengths: [6] }], commandTimeoutMs: 5_000 });
      await provider("conn_b", peerB).createCode(`${peerB}/1`, { name: "stay b", pin: "604512", slot: 2 });
      await provider("conn_c", peerC).createCode(`${peerC}/1`, { name: "stay c", pin: "604513", slot: 1 });
      // The host's own user sits before staykey's: a leave that cleared every user would clear it first.
      await locks.addHostUser(1, 1, 9);
      expect(locks.usersOn(1).sort()).toEqual([1, 2]);
      expect(locks.fabricsOn(1)).toBe(1);

      const users = locks.recordUsers(1);
      const left = await fabrics.leave("conn_b");
      expect(left).toEqual([{ peer: peerB, cleared: 1, reached: true }]);
      // staykey cleared its own user and left the host's; then its fabric went (the lock's last here, so the lock reset).
      expect(users().find((u) => !u.includes(2))).toEqual([1]);
      expect(locks.credentialAt(1, 2)).toBe(false);
      expect(locks.fabricsOn(1)).toBe(0);
      expect(fabrics.isRunning("conn_b")).toBe(false);

      expect(locks.credentialAt(2, 1)).toBe(true);
      expect((await provider("conn_c", peerC).createCode(`${peerC}/1`, { name: "stay c2", pin: "604514", slot: 2 })).status).toBe("set");
      expect(locks.fabricsOn(2)).toBe(1);
    } finally {
      await fabrics.close();
    }
  }, 120_000);

  it("refuses a mistyped pairing code before searching for it", () => {
    expect(parsePairingCode("3497-011-2333")).toHaveProperty("error");
    expect(parsePairingCode("hello")).toHaveProperty("error");
    expect(parsePairingCode("3497-011-2332")).toEqual({ passcode: 20202021, shortDiscriminator: 15 });
  });
});
