import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { locks } from "../../src/db/schema";
import { SeamLockProvider } from "../../src/providers/locks/seam";
import { checkLockHealth } from "../../src/services/health/check-lock";
import { startSeamFake, type SeamFake } from "../peers/seam-fake";
import { alertWorld, type AlertWorld } from "./alert-world";

let fake: SeamFake;
beforeAll(async () => {
  fake = await startSeamFake();
});
afterAll(async () => {
  await fake.stop();
});
beforeEach(() => {
  fake.setDeviceOnline(fake.devices.frontDoor, true);
  fake.setBattery(fake.devices.frontDoor, 1);
});

const seamWorld = () =>
  alertWorld({ lockProvider: () => new SeamLockProvider({ apiKey: fake.apiKey, baseUrl: fake.baseUrl, retry: { retries: 0, timeoutMs: 5_000 } }) });

const HALF_HOUR = 30 * 60_000;
const noticeKinds = (w: AlertWorld) => w.notices().map((m) => `${m.idempotencyKey.split(":")[2]}:${m.idempotencyKey.split(":")[3]}`);

describe("lock battery and offline alerts", () => {
  it("reads 30% → 20% → 8% → 100% from the lock check as nothing, low, critical, resolved", async () => {
    const w = await seamWorld();
    const lock = w.addLock({ provider: "seam", providerDeviceId: fake.devices.frontDoor });
    const poll = async (level: number) => {
      fake.setBattery(fake.devices.frontDoor, level);
      await w.deps.jobs.enqueue("lock-health.check-lock", { lockId: lock.id });
      await w.settle();
      w.clock.advance(HALF_HOUR);
    };

    await poll(0.3);
    expect(w.alertsOf()).toHaveLength(0);
    expect(w.db.select().from(locks).where(eq(locks.id, lock.id)).get()).toMatchObject({ batteryLevel: 30, online: true });

    await poll(0.2);
    expect(w.alertsOf()).toMatchObject([{ kind: "battery_low", severity: "warning", status: "open", title: expect.stringContaining("(20%)") }]);
    expect(noticeKinds(w)).toEqual(["opened:warning"]);

    await poll(0.08);
    expect(w.alertsOf()).toMatchObject([{ kind: "battery_critical", severity: "critical", status: "open" }]);
    expect(noticeKinds(w)).toEqual(["opened:warning", "escalated:critical"]);

    await poll(1);
    expect(w.alertsOf()).toMatchObject([{ status: "resolved" }]);
    expect(noticeKinds(w)).toEqual(["opened:warning", "escalated:critical", "resolved:critical"]);
  });

  it("never polls a lock more often than every 25 minutes, however often the job runs", async () => {
    const w = await seamWorld();
    const lock = w.addLock({ provider: "seam", providerDeviceId: fake.devices.frontDoor });
    const before = fake.requests.length;
    expect(await checkLockHealth(w.deps, lock.id)).toBe("checked");
    w.clock.advance(10 * 60_000);
    expect(await checkLockHealth(w.deps, lock.id)).toBe("skipped_recent");
    expect(fake.requests.length - before).toBe(1);
  });

  it("reads the same battery sequence from signed Seam webhooks", async () => {
    const w = await seamWorld();
    w.addLock({ provider: "seam", providerDeviceId: fake.devices.frontDoor });
    const send = async (level: number, status: string) => {
      const res = await w.seamWebhook({ event_type: "device.battery_status_changed", device_id: fake.devices.frontDoor, battery_level: level, battery_status: status });
      expect(res.status).toBe(200);
      await w.settle();
    };
    await send(0.3, "good");
    expect(w.alertsOf()).toHaveLength(0);
    await send(0.2, "low");
    expect(w.alertsOf()).toMatchObject([{ kind: "battery_low", status: "open" }]);
    await send(0.08, "critical");
    expect(w.alertsOf()).toMatchObject([{ kind: "battery_critical", severity: "critical" }]);
    await send(1, "full");
    expect(w.alertsOf()).toMatchObject([{ status: "resolved" }]);
    expect(noticeKinds(w)).toEqual(["opened:warning", "escalated:critical", "resolved:critical"]);
  });

  it("opens an offline alert when the lock drops off and resolves it when it is back, from polls and from webhooks", async () => {
    const w = await seamWorld();
    const lock = w.addLock({ provider: "seam", providerDeviceId: fake.devices.frontDoor, name: "Back gate" });
    fake.setDeviceOnline(fake.devices.frontDoor, false);
    await checkLockHealth(w.deps, lock.id);
    await w.settle();
    expect(w.alertsOf()).toMatchObject([{ kind: "lock_offline", status: "open", title: "Back gate at Beach House is offline" }]);
    expect(w.body(w.notices()[0]!)).toContain("Back gate at Beach House is offline");

    fake.setDeviceOnline(fake.devices.frontDoor, true);
    w.clock.advance(HALF_HOUR);
    await checkLockHealth(w.deps, lock.id);
    await w.settle();
    expect(w.alertsOf()).toMatchObject([{ status: "resolved" }]);
    expect(noticeKinds(w)).toEqual(["opened:warning", "resolved:warning"]);

    expect((await w.seamWebhook({ event_type: "device.disconnected", device_id: fake.devices.frontDoor })).status).toBe(200);
    await w.settle();
    expect(w.alertsOf().filter((a) => a.status === "open")).toMatchObject([{ kind: "lock_offline" }]);
    expect((await w.seamWebhook({ event_type: "device.connected", device_id: fake.devices.frontDoor })).status).toBe(200);
    await w.settle();
    expect(w.alertsOf().every((a) => a.status === "resolved")).toBe(true);
    expect(w.notices()).toHaveLength(4);
  });
});
