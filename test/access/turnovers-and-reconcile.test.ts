import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { turnovers } from "../../src/db/schema";
import { SimulatedLockProvider, createSimulatedLockStore } from "../../src/providers/locks";
import { reconcileLockCodes } from "../../src/services/access";
import { createAccessHarness } from "./access-harness";

async function simulated() {
  const store = createSimulatedLockStore();
  const h = await createAccessHarness((_lock, onCall) => new SimulatedLockProvider({ store, clock: h.clock, onCall }));
  const sim = new SimulatedLockProvider({ store });
  sim.addDevice({ deviceId: "sim-front" });
  const lock = h.addLock({ provider: "simulated", providerDeviceId: "sim-front" });
  return { h, sim, lock, codesOnLock: () => [...store.devices.get("sim-front")!.codes.values()] };
}

describe("cleaner codes for turnovers", () => {
  it("gives each assigned cleaner a code from checkout to the next check-in, with the same personal PIN every turnover", async () => {
    const { h } = await simulated();
    const cleaner = h.addCleaner("Ana");
    const a = h.addStay("2030-03-01T03:00:00Z", "2030-03-03T22:00:00Z");
    const b = h.addStay("2030-03-04T03:00:00Z", "2030-03-06T22:00:00Z");
    const c = h.addStay("2030-03-07T03:00:00Z", "2030-03-09T22:00:00Z");
    for (const s of [a, b, c]) await h.plan(s);
    const afterA = h.db.select().from(turnovers).where(eq(turnovers.afterStayId, a)).get()!;
    expect(afterA).toMatchObject({ startsAt: new Date("2030-03-03T22:00:00Z"), endsAt: new Date("2030-03-04T03:00:00Z"), nextStayId: b });
    const cleanerCodes = h.codesOf({ purpose: "cleaner" });
    expect(cleanerCodes.length).toBe(3);
    expect(cleanerCodes.every((code) => code.contactId === cleaner)).toBe(true);
    expect(new Set(cleanerCodes.map((code) => h.pinOf(code))).size).toBe(1);
    const guestPins = h.codesOf({ purpose: "guest" }).map((code) => h.pinOf(code));
    expect(guestPins).not.toContain(h.pinOf(cleanerCodes[0]!));

    h.clock.set("2030-03-03T00:00:00Z");
    await h.runDue();
    expect(h.codesOf({ purpose: "cleaner" }).find((code) => code.turnoverId === afterA.id)!.state).toBe("active");
    expect(h.emitted).toContainEqual({ type: "turnover.changed", turnoverId: afterA.id });
  });

  it("cancels the turnover and removes the cleaner's code when the stay before it is cancelled", async () => {
    const { h, codesOnLock } = await simulated();
    h.addCleaner("Ben");
    const stayId = h.addStay("2030-03-01T03:00:00Z", "2030-03-01T22:00:00Z");
    await h.plan(stayId);
    await h.runDue();
    const code = h.codesOf({ purpose: "cleaner" })[0]!;
    expect(code.state).toBe("active");
    await h.changeStay(stayId, { status: "cancelled" });
    await h.runDue();
    expect(h.codesOf({ purpose: "cleaner" })[0]!.state).toBe("revoked");
    expect(codesOnLock().some((c) => c.codeId === code.providerCodeId)).toBe(false);
    expect(h.db.select().from(turnovers).get()!.status).toBe("cancelled");
  });
});

describe("lock reconcile", () => {
  it("puts back a code that vanished from the lock with the same PIN, removes ended ones, reports foreign ones", async () => {
    const { h, sim, codesOnLock, lock } = await simulated();
    const stayId = h.addStay("2030-03-01T03:00:00Z", "2030-03-05T22:00:00Z");
    await h.plan(stayId);
    await h.runDue();
    const code = h.codesOf({ stayId, purpose: "guest" })[0]!;
    expect(code.state).toBe("active");

    await sim.deleteCode("sim-front", code.providerCodeId!);
    await sim.createCode("sim-front", { name: "Owner", pin: "918273" });
    const drift = await reconcileLockCodes(h.deps, lock.id);
    expect(drift.recreated).toEqual([code.id]);
    expect(drift.unknown).toHaveLength(1);
    expect(h.alertsOf("unknown_code")).toHaveLength(1);
    await h.runDue();
    const back = h.codesOf({ stayId, purpose: "guest" })[0]!;
    expect(back.state).toBe("active");
    expect(codesOnLock().find((c) => c.codeId === back.providerCodeId)?.pin).toBe(h.pinOf(code));

    // A revoke that never happened (lost job): reconcile takes the ended code off the lock.
    h.clock.set(new Date(back.validTo.getTime() + 60_000));
    h.jobs.length = 0;
    const later = await reconcileLockCodes(h.deps, lock.id);
    expect(later.removed).toContain(back.providerCodeId);
    await h.runDue();
    expect(h.codesOf({ stayId, purpose: "guest" })[0]!.state).toBe("revoked");
  });
});
