import { describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/lib/clock";
import { ProviderError } from "../../../src/providers/locks/provider-error";
import { SimulatedLockProvider, createSimulatedLockStore } from "../../../src/providers/locks/simulated";
import type { ProviderCallAudit } from "../../../src/providers/locks/types";

const stay = (from: string, to: string) => ({ startsAt: new Date(from), endsAt: new Date(to) });

function setup() {
  const clock = new ManualClock("2030-01-01T00:00:00Z");
  const audits: ProviderCallAudit[] = [];
  const sim = new SimulatedLockProvider({ clock, onCall: (a) => audits.push(a) });
  sim.addDevice({ deviceId: "front", name: "Front door", batteryLevel: 0.8 });
  return { sim, clock, audits };
}

describe("simulated lock", () => {
  it("confirms a code at once and reads it back", async () => {
    const { sim } = setup();
    const code = await sim.createCode("front", { name: "Stay 1", pin: "483907", ...stay("2030-01-02T03:00:00Z", "2030-01-05T22:00:00Z") });
    expect(code.status).toBe("set");
    expect(await sim.listCodes("front")).toEqual([code]);
  });

  it("moves a window without touching the PIN and forgets deleted codes", async () => {
    const { sim } = setup();
    const code = await sim.createCode("front", { name: "Stay 1", pin: "483907", ...stay("2030-01-02T03:00:00Z", "2030-01-05T22:00:00Z") });
    const moved = await sim.updateCode("front", code.codeId, { endsAt: new Date("2030-01-07T22:00:00Z") });
    expect(moved).toMatchObject({ pin: "483907", endsAt: new Date("2030-01-07T22:00:00Z") });
    await sim.deleteCode("front", code.codeId);
    await sim.deleteCode("front", code.codeId);
    expect(await sim.listCodes("front")).toEqual([]);
  });

  it("rejects a PIN that overlaps another code's window but allows it once they no longer overlap", async () => {
    const { sim } = setup();
    const a = await sim.createCode("front", { name: "A", pin: "483907", ...stay("2030-01-02T00:00:00Z", "2030-01-05T00:00:00Z") });
    await expect(sim.createCode("front", { name: "B", pin: "483907", ...stay("2030-01-04T00:00:00Z", "2030-01-06T00:00:00Z") }))
      .rejects.toMatchObject({ kind: "duplicate_code", existingCodeId: a.codeId });
    await expect(sim.createCode("front", { name: "C", pin: "483907", ...stay("2030-01-05T00:00:00Z", "2030-01-06T00:00:00Z") }))
      .resolves.toMatchObject({ status: "set" });
  });

  it("refuses changes while offline and reports battery and last seen", async () => {
    const { sim, clock, audits } = setup();
    sim.setOnline("front", false);
    clock.advance(3_600_000);
    sim.setBattery("front", 0.05);
    const err = await sim.createCode("front", { name: "A", pin: "483907" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ kind: "offline", retryable: true });
    expect(await sim.getDevice("front")).toMatchObject({
      online: false,
      batteryLevel: 0.05,
      batteryStatus: "critical",
      lastSeenAt: new Date("2030-01-01T00:00:00Z"),
    });
    expect(audits.map((a) => [a.action, a.status])).toEqual([["codes.create", "offline"], ["devices.get", "ok"]]);
    expect(JSON.stringify(audits)).not.toContain("483907");
  });

  it("shares locks between provider instances through a passed-in store", async () => {
    const store = createSimulatedLockStore();
    const a = new SimulatedLockProvider({ store });
    a.addDevice({ deviceId: "back" });
    const b = new SimulatedLockProvider({ store });
    await b.createCode("back", { name: "X", pin: "736194" });
    expect((await a.listCodes("back")).map((c) => c.name)).toEqual(["X"]);
    await expect(b.getDevice("nope")).rejects.toMatchObject({ kind: "not_found" });
  });
});
