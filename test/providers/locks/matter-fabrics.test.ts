import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MatterFabrics, MatterLockProvider, parsePairingCode } from "../../../src/providers/locks/matter";
import { startMatterLocks, type MatterLocks } from "../../peers/matter-network";

let locks: MatterLocks;
beforeAll(async () => {
  locks = await startMatterLocks([{ users: 4 }]);
}, 90_000);
afterAll(async () => {
  await locks?.close();
});

describe("staykey's Matter controller for a connection", () => {
  it("commissions a lock from its manual pairing code, keeps the fabric only in its store, and finds it again after a restart", async () => {
    const stored = new Map<string, string>();
    const store = { load: (id: string) => stored.get(id), save: (id: string, s: string) => void stored.set(id, s) };
    const fabrics = new MatterFabrics({ store, network: () => locks.host() });
    const pairing = parsePairingCode(locks.pairingCode(0));
    if ("error" in pairing) throw new Error(pairing.error);
    const peer = await fabrics.commission("conn_a", pairing);
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

  it("refuses a mistyped pairing code before searching for it", () => {
    expect(parsePairingCode("3497-011-2333")).toHaveProperty("error");
    expect(parsePairingCode("hello")).toHaveProperty("error");
    expect(parsePairingCode("3497-011-2332")).toEqual({ passcode: 20202021, shortDiscriminator: 15 });
  });
});
