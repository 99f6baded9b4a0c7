import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SeamLockProvider } from "../../src/providers/locks";
import { startSeamFake, type SeamFake } from "../peers/seam-fake";
import { createAccessHarness, type AccessHarness } from "./access-harness";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DOORS = 10;

let fake: SeamFake;
let devices: string[];

beforeAll(async () => {
  fake = await startSeamFake();
  devices = Array.from({ length: DOORS }, (_, i) => fake.addLockDevice(`Flat ${i + 1} door`));
});
afterAll(async () => {
  await fake.stop();
});

const seamHarness = () =>
  createAccessHarness((_lock, onCall) => new SeamLockProvider({
    apiKey: fake.apiKey, baseUrl: fake.baseUrl, retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 5, timeoutMs: 5_000 }, onCall,
  }));

/** One flat per door, each with a guest arriving `arrivesInMs` from now; returns the stay ids. */
function flatsWithGuests(h: AccessHarness, arrivesInMs: number, property: { earlyBufferMinutes: number; backupLeadMinutes?: number }, doors = devices): string[] {
  const checkIn = new Date(h.clock.now().getTime() + arrivesInMs);
  const checkOut = new Date(checkIn.getTime() + 3 * 24 * HOUR);
  return doors.map((device, i) => {
    const propertyId = h.addProperty({ name: `Flat ${i + 1}`, ...property });
    h.addLock({ provider: "seam", providerDeviceId: device, nativeSchedules: true, propertyId, name: `Flat ${i + 1} door` });
    return h.addStay(checkIn.toISOString(), checkOut.toISOString(), { propertyId });
  });
}

/** Plays the devices: the lock confirms whatever the fake holds in `setting`, optionally only some codes. */
function confirmOnDevices(only?: (providerCodeId: string) => boolean) {
  for (const device of devices) {
    for (const ac of fake.accessCodes(device)) if (ac.status !== "set" && (!only || only(ac.access_code_id))) fake.confirmCode(ac.access_code_id);
  }
}

/** The engine and the devices over `ms` of the injected clock, in `stepMs` steps. */
async function runFor(h: AccessHarness, ms: number, opts: { stepMs?: number; confirm?: boolean } = {}) {
  const step = opts.stepMs ?? 5_000;
  for (let t = 0; t < ms; t += step) {
    h.clock.advance(Math.min(step, ms - t));
    await h.runDue();
    if (opts.confirm) confirmOnDevices();
  }
}

const guestCodes = (h: AccessHarness, stayIds: string[]) => stayIds.map((id) => h.codesOf({ stayId: id, purpose: "guest" })[0]!);
const aboveWarning = (h: AccessHarness) => h.alertsOf().filter((a) => a.severity === "critical").map((a) => `${a.dedupeKey.split(":")[0]}: ${a.title}`);
const stillOpen = (h: AccessHarness) => h.alertsOf().filter((a) => a.status === "open").map((a) => `${a.dedupeKey.split(":")[0]}: ${a.title}`);

describe("a Seam outage while codes are being set", () => {
  it("raises nothing above warning for a 50 s outage hours before check-in, and leaves nothing open after recovery", async () => {
    const h = await seamHarness();
    // The doors let guests drop their luggage from four hours before check-in: every window is already open.
    const stays = flatsWithGuests(h, 3 * HOUR, { earlyBufferMinutes: 240 });
    for (const stayId of stays) await h.plan(stayId);

    await fake.outage();
    await h.runDue();
    await runFor(h, 50_000);
    expect(guestCodes(h, stays).map((c) => c.state)).toEqual(stays.map(() => "planned"));
    await fake.recover();
    await runFor(h, 2 * MINUTE, { confirm: true });

    expect(guestCodes(h, stays).map((c) => c.state)).toEqual(stays.map(() => "active"));
    // The guests keep their own codes: no spare was handed out for a blip.
    expect(h.codesOf({ purpose: "backup" }).filter((c) => c.assignedStayId)).toEqual([]);
    await runFor(h, 8 * MINUTE);
    expect(aboveWarning(h)).toEqual([]);
    expect(stillOpen(h)).toEqual([]);
  });

  it("starts the backup path for an outage close to check-in, and resolves what it raised once the codes are confirmed", async () => {
    const h = await seamHarness();
    const stays = flatsWithGuests(h, 45 * MINUTE, { earlyBufferMinutes: 60 }, devices.slice(0, 3));
    for (const stayId of stays) await h.plan(stayId);

    await fake.outage();
    await h.runDue();
    // Within the margin and nothing confirmed, no spare ready either: the host is told to let the guests in another way.
    expect(h.alertsOf().filter((a) => a.status === "open" && a.dedupeKey.startsWith("backup_missing:")).map((a) => a.subjectId).sort()).toEqual([...stays].sort());
    await runFor(h, 50_000);
    await fake.recover();
    await runFor(h, 2 * MINUTE, { confirm: true });

    expect(guestCodes(h, stays).map((c) => c.state)).toEqual(stays.map(() => "active"));
    await runFor(h, 8 * MINUTE);
    expect(stillOpen(h)).toEqual([]);
  });

  it("keeps retrying quietly past the job's last attempt while check-in is far off, and sets the code once Seam is back", async () => {
    const h = await seamHarness();
    const [stayId] = flatsWithGuests(h, 20 * HOUR, { earlyBufferMinutes: 60 }, devices.slice(0, 1));
    await h.plan(stayId!);

    await fake.outage();
    await h.runDue();
    // Longer than every retry of one program job (about an hour).
    await runFor(h, 2 * HOUR, { stepMs: MINUTE });
    const waiting = guestCodes(h, [stayId!])[0]!;
    expect(waiting).toMatchObject({ state: "planned", lastError: expect.stringMatching(/transient/) });
    expect(h.alertsOf()).toEqual([]);
    expect(h.codesOf({ purpose: "backup" }).filter((c) => c.assignedStayId)).toEqual([]);

    await fake.recover();
    await runFor(h, HOUR, { stepMs: MINUTE, confirm: true });
    expect(guestCodes(h, [stayId!])[0]!.state).toBe("active");
    expect(h.alertsOf()).toEqual([]);
  });

  it("hands the guest a spare once their code is still not confirmed at the property's margin before check-in", async () => {
    const h = await seamHarness();
    const margin = h.clock.now().getTime() + 6 * HOUR - 90 * MINUTE;
    const [stayId] = flatsWithGuests(h, 6 * HOUR, { earlyBufferMinutes: 60, backupLeadMinutes: 90 }, devices.slice(1, 2));
    await h.plan(stayId!);
    await h.runDue();
    const own = guestCodes(h, [stayId!])[0]!;
    // The device confirms the spares but never the guest's own code.
    await runFor(h, 5 * MINUTE, { stepMs: 30_000 });
    confirmOnDevices((id) => id !== own.providerCodeId);

    await runFor(h, margin - h.clock.now().getTime() - MINUTE, { stepMs: 5 * MINUTE });
    expect(guestCodes(h, [stayId!])[0]!.state).toBe("programming");
    expect(h.codesOf({ purpose: "backup" }).filter((c) => c.assignedStayId)).toEqual([]);
    expect(h.alertsOf()).toEqual([]);

    await runFor(h, 40 * MINUTE, { stepMs: MINUTE });
    expect(h.codesOf({ purpose: "backup" }).filter((c) => c.assignedStayId === stayId)).toMatchObject([{ state: "active" }]);
    expect(h.emitted).toContainEqual({ type: "guest-code.ready", stayId });
  });
});
