import { describe, expect, it } from "vitest";
import { SimulatedLockProvider, createSimulatedLockStore } from "../../src/providers/locks";
import { planStayAccess } from "../../src/services/access";
import { createAccessHarness } from "./access-harness";

const store = createSimulatedLockStore();

describe("PIN uniqueness per lock in the database", () => {
  it("never gives two overlapping codes on one lock the same PIN, across thousands of 4-digit codes", async () => {
    const h = await createAccessHarness((_lock, onCall) => new SimulatedLockProvider({ store, onCall }));
    const lock = h.addLock({ provider: "simulated", providerDeviceId: "sim-unique", supportedCodeLengths: [4] });
    const stayIds = Array.from({ length: 2_000 }, (_, i) => h.addStay(`2030-03-0${1 + (i % 3)}T03:00:00Z`, "2030-03-09T22:00:00Z"));
    for (const id of stayIds) await planStayAccess(h.deps, id);
    const codes = h.codesOf({ lockId: lock.id });
    expect(codes.length).toBe(2_000 + 2); // every stay, plus the lock's two spares
    const pins = codes.map((c) => h.pinOf(c));
    expect(new Set(pins).size).toBe(codes.length);
    expect(new Set(codes.map((c) => c.pinHash)).size).toBe(codes.length);
    expect(pins.every((p) => /^\d{4}$/.test(p))).toBe(true);
  }, 60_000);

  it("offers a PIN again once the code that held it has ended", async () => {
    const h = await createAccessHarness((_lock, onCall) => new SimulatedLockProvider({ store, onCall }));
    h.db.update((await import("../../src/db/schema")).properties).set({ codeStrategy: "phone_last4" }).run();
    h.addLock({ provider: "simulated", providerDeviceId: "sim-phone" });
    const first = h.addStay("2030-03-01T03:00:00Z", "2030-03-03T22:00:00Z", { guestPhone: "+64 21 555 7391" });
    const overlapping = h.addStay("2030-03-02T03:00:00Z", "2030-03-04T22:00:00Z", { guestPhone: "+1 415 555 7391" });
    const later = h.addStay("2030-03-10T03:00:00Z", "2030-03-12T22:00:00Z", { guestPhoneLast4: "7391" });
    for (const id of [first, overlapping, later]) await planStayAccess(h.deps, id);
    expect(h.pinOf(h.codesOf({ stayId: first })[0]!)).toBe("7391");
    expect(h.pinOf(h.codesOf({ stayId: overlapping })[0]!)).not.toBe("7391");
    expect(h.pinOf(h.codesOf({ stayId: later })[0]!)).toBe("7391");
  });
});
