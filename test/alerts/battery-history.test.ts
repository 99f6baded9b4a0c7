import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { batteryReadings, locks } from "../../src/db/schema";
import { showDay } from "../../src/domain/time";
import { SeamLockProvider } from "../../src/providers/locks/seam";
import { runDoorSweep } from "../../src/services/door/door-sweep";
import { batteryHistories } from "../../src/services/health/battery-history";
import { applyLockReading } from "../../src/services/health/lock-reading";
import { startSeamFake, type SeamFake } from "../peers/seam-fake";
import { signedInHost } from "../web/signed-in-host";
import { alertWorld } from "./alert-world";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let fake: SeamFake;
beforeAll(async () => {
  fake = await startSeamFake();
});
afterAll(async () => {
  await fake.stop();
});

/** A lock's battery over time (issue 19): kept from every reading, drawn on its property's page with the day it went low. */
describe("battery history", () => {
  it("keeps each new level the lock check reads from Seam, a level that holds once every six hours, and drops readings past retention", async () => {
    const w = await alertWorld({ lockProvider: () => new SeamLockProvider({ apiKey: fake.apiKey, baseUrl: fake.baseUrl, retry: { retries: 0, timeoutMs: 5_000 } }) });
    const lock = w.addLock({ provider: "seam", providerDeviceId: fake.devices.frontDoor });
    const poll = async (level: number, after: number) => {
      fake.setBattery(fake.devices.frontDoor, level);
      await w.deps.jobs.enqueue("lock-health.check-lock", { lockId: lock.id });
      await w.settle();
      w.clock.advance(after);
    };
    const kept = () => w.db.select().from(batteryReadings).where(eq(batteryReadings.lockId, lock.id)).all().map((r) => r.level);

    await poll(0.8, HOUR);
    await poll(0.8, HOUR); // the same level an hour later: nothing new
    expect(kept()).toEqual([80]);
    await poll(0.6, 7 * HOUR);
    await poll(0.6, HOUR); // holding, and the last kept one is over six hours old
    await poll(0.2, HOUR);
    expect(kept()).toEqual([80, 60, 60, 20]);
    expect(w.db.select().from(batteryReadings).where(eq(batteryReadings.lockId, lock.id)).get()).toMatchObject({ accountId: w.accountId });

    // Kept as long as the door activity (STAYKEY_LOCK_EVENT_RETENTION_DAYS, 180 by default), then swept with it.
    // The last two were read 9 and 10 hours in, the clock is now 11 hours in: the cut falls between 2 and 9 hours.
    w.clock.advance(180 * DAY - 5.5 * HOUR);
    await runDoorSweep(w.deps);
    expect(kept()).toEqual([60, 20]);
  });

  it("draws the last 30 days on the lock's view with the day it fell below the low mark, in words too", async () => {
    const { deps, world, owner, client } = await signedInHost({ email: "battery@example.com", password: "battery-password-1" });
    const home = world.property(owner.accountId, { name: "Home", timezone: "Europe/Lisbon", locale: "en-GB" });
    const lock = world.lock(home.id, { name: "Garden gate" });
    const read = (level: number) => {
      // As a poll applies it: to the lock row as it stands.
      applyLockReading(deps, deps.db.select().from(locks).where(eq(locks.id, lock.id)).get()!, { batteryLevel: level / 100, polled: true });
    };
    read(90);
    deps.clock.advance(10 * DAY);
    read(40);
    deps.clock.advance(5 * DAY);
    const wentLow = deps.clock.now();
    read(22);
    deps.clock.advance(3 * DAY);
    read(15);
    deps.clock.advance(DAY);

    const [history] = [...batteryHistories(deps, owner.accountId, [lock.id]).values()];
    expect(history!.points.map((p) => p.level)).toEqual([90, 40, 22, 15]);
    expect(history!.crossedLow).toEqual({ at: wentLow, since: false });

    // Nineteen days on, the session has ended: sign in again.
    await client.signIn("battery@example.com", "battery-password-1");
    const page = (await client.get(`/dashboard/properties/${home.id}`)).html;
    const figure = /<figure class="battery">.*?<\/figure>/s.exec(page)?.[0] ?? "";
    expect(figure).toContain('<svg viewBox="0 0 240 48"');
    expect(figure).toContain('class="battery-cross"');
    expect(figure).toContain(`Battery over the last 30 days: went from 90% to 15%. It fell below 25% on ${showDay(wentLow, { zone: "Europe/Lisbon", locale: "en-GB" })}.`);

    // Another account asking for this lock's history gets nothing.
    const other = await world.account({ email: "other-battery@example.com", password: "other-battery-password-1" });
    expect(batteryHistories(deps, other.accountId, [lock.id]).get(lock.id)!.points).toEqual([]);
  });

  it("says so when a lock has reported no level, and draws no line", async () => {
    const { world, owner, client } = await signedInHost({ email: "quiet@example.com", password: "quiet-password-1" });
    const home = world.property(owner.accountId, { name: "Quiet", timezone: "UTC" });
    world.lock(home.id, { name: "Back door" });
    const page = (await client.get(`/dashboard/properties/${home.id}`)).html;
    const figure = /<figure class="battery">.*?<\/figure>/s.exec(page)?.[0] ?? "";
    expect(figure).toContain("No battery history for Back door in the last 30 days yet.");
    expect(figure).not.toContain("<svg");
  });
});
