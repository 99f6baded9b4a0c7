import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { stays, turnovers } from "../../src/db/schema";
import { SimulatedLockProvider, createSimulatedLockStore } from "../../src/providers/locks";
import { createAccessHarness } from "./access-harness";

async function simulated() {
  const store = createSimulatedLockStore();
  const h = await createAccessHarness((_lock, onCall) => new SimulatedLockProvider({ store, clock: h.clock, onCall }));
  new SimulatedLockProvider({ store }).addDevice({ deviceId: "sim-front" });
  h.addLock({ provider: "simulated", providerDeviceId: "sim-front" });
  const planProperty = async (key: string) => {
    await h.deps.jobs.enqueue("access-codes.plan-property", { propertyId: h.propertyId }, { jobId: `plan-property_${h.propertyId}_v${key}` });
    return h.runDue("access-codes.plan-property");
  };
  const versions = () => h.db.select({ id: stays.id, version: stays.version, planned: stays.plannedVersion }).from(stays).all();
  return { h, planProperty, versions };
}

describe("access-codes.plan-property: a sync's one notice to the planner", () => {
  it("plans every stay the planner has not planned at its version, with turnovers between them, and marks them planned", async () => {
    const { h, planProperty, versions } = await simulated();
    h.addCleaner("Ana");
    const a = h.addStay("2030-03-01T03:00:00Z", "2030-03-03T22:00:00Z");
    const b = h.addStay("2030-03-04T03:00:00Z", "2030-03-06T22:00:00Z");
    expect(versions().every((s) => s.planned < s.version)).toBe(true);

    expect(await planProperty("1")).toBe(1);
    expect(h.codesOf({ purpose: "guest" }).map((c) => c.stayId).sort()).toEqual([a, b].sort());
    expect(h.db.select().from(turnovers).where(eq(turnovers.afterStayId, a)).get()).toMatchObject({ nextStayId: b });
    expect(versions().every((s) => s.planned === s.version)).toBe(true);

    // Another request with nothing left to plan changes nothing.
    const before = h.codesOf();
    await planProperty("2");
    expect(h.codesOf()).toEqual(before);
  });

  it("re-plans only the stay whose version moved: its code follows the new dates, the other is left alone", async () => {
    const { h, planProperty, versions } = await simulated();
    const a = h.addStay("2030-03-01T03:00:00Z", "2030-03-03T22:00:00Z");
    const b = h.addStay("2030-03-10T03:00:00Z", "2030-03-12T22:00:00Z");
    await planProperty("1");
    const untouched = h.codesOf({ stayId: a })[0]!;
    h.db.update(stays).set({ checkOutAt: new Date("2030-03-13T22:00:00Z"), checkOutDate: "2030-03-13", version: 2 }).where(eq(stays.id, b)).run();

    await planProperty("2");
    expect(h.codesOf({ stayId: b, purpose: "guest" })[0]!.validTo.getTime()).toBeGreaterThan(new Date("2030-03-13T22:00:00Z").getTime() - 1);
    expect(h.codesOf({ stayId: a })[0]).toEqual(untouched);
    expect(versions().find((s) => s.id === b)).toMatchObject({ version: 2, planned: 2 });
  });

  it("plans the other stays when one cannot be planned, then fails so the retry takes that one again", async () => {
    const { h, versions } = await simulated();
    const a = h.addStay("2030-03-01T03:00:00Z", "2030-03-03T22:00:00Z");
    const b = h.addStay("2030-03-10T03:00:00Z", "2030-03-12T22:00:00Z");
    // A write that fails for stay a only (a disk or constraint error in its transaction).
    h.db.$client.exec(`CREATE TRIGGER refuse_a BEFORE UPDATE OF planned_version ON stays WHEN NEW.id = '${a}' BEGIN SELECT RAISE(ABORT, 'refused'); END`);
    await h.deps.jobs.enqueue("access-codes.plan-property", { propertyId: h.propertyId }, { jobId: `plan-property_${h.propertyId}_vfail` });
    await h.runDue("access-codes.plan-property");
    const job = h.jobs.find((j) => j.id === `plan-property_${h.propertyId}_vfail`)!;
    expect(job.error).toBe(`1 stay(s) of property ${h.propertyId} could not be planned: ${a}`);
    expect(h.codesOf({ stayId: b, purpose: "guest" })).toHaveLength(1);
    expect(h.codesOf({ stayId: a, purpose: "guest" })).toHaveLength(0);
    expect(versions().find((s) => s.id === b)!.planned).toBe(1);

    h.db.$client.exec("DROP TRIGGER refuse_a");
    h.clock.advance(60_000);
    await h.runDue("access-codes.plan-property");
    expect(job.status).toBe("done");
    expect(h.codesOf({ stayId: a, purpose: "guest" })).toHaveLength(1);
    expect(versions().every((s) => s.planned === s.version)).toBe(true);
  });
});
