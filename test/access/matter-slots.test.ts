import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MatterLockProvider } from "../../src/providers/locks/matter";
import { startMatterNetwork, type MatterNetwork } from "../peers/matter-network";
import { createAccessHarness } from "./access-harness";

let net: MatterNetwork;
beforeAll(async () => {
  net = await startMatterNetwork([{ users: 5 }]);
}, 90_000);
afterAll(async () => {
  await net?.close();
});

/**
 * The access lifecycle (plan, program at window start, read back, revoke at checkout) driving a matter.js virtual lock
 * through the Matter adapter handed to the planner by the harness (test/access/matter-end-to-end pairs a lock through the
 * connection service instead).
 */
describe("a stay's code on a Matter lock", () => {
  it("lands on the lock at window start, is confirmed before the guest is told, and is gone after checkout", async () => {
    const h = await createAccessHarness((_lock, onCall) => new MatterLockProvider({
      controller: net.controller, onCall, commandTimeoutMs: 3_000,
      locks: [{ deviceId: "front", peer: net.peers[0]!, slotCapacity: 2, codeLengths: [6] }],
    }));
    h.addLock({ provider: "home_assistant", providerDeviceId: "front", nativeSchedules: false, slotCapacity: 2, supportedCodeLengths: [6] });
    const stayId = h.addStay("2030-03-02T03:00:00Z", "2030-03-04T22:00:00Z");
    await h.plan(stayId);
    await h.runDue();
    expect(h.codesOf({ stayId })[0]!.state).toBe("planned");
    expect(h.emitted).not.toContainEqual({ type: "guest-code.ready", stayId });

    h.clock.set("2030-03-02T02:00:00Z");
    await h.runDue();
    const code = h.codesOf({ stayId })[0]!;
    expect(code).toMatchObject({ state: "active", providerCodeId: String(code.slot) });
    expect(net.credentialAt(0, code.slot!)).toBe(true);
    expect(await net.opensWith(0, h.pinOf(code))).toBe(true);
    expect(h.emitted).toContainEqual({ type: "guest-code.ready", stayId });

    h.clock.set(code.validTo);
    await h.runDue();
    expect(h.codesOf({ stayId })[0]!.state).toBe("revoked");
    expect(net.credentialAt(0, code.slot!)).toBe(false);
    expect(await net.opensWith(0, h.pinOf(code))).toBe(false);
    expect(JSON.stringify(h.audits())).not.toContain(h.pinOf(code));
  }, 60_000);
});
