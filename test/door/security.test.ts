import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { accessCodes } from "../../src/db/schema";
import { recordDoorEvent } from "../../src/services/door/record-door-event";
import { runDoorSweep } from "../../src/services/door/door-sweep";
import { seamFakeForFile, type seamDoorWorldOn } from "./door-world";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const seam = seamFakeForFile();
const seamDoorWorld = seam.world;

type World = Awaited<ReturnType<typeof seamDoorWorldOn>>;
const keypad = (w: World, codeId: string | null, extra: Record<string, unknown> = {}) =>
  w.seamWebhook(seam.fake().addEvent({ event_type: "lock.unlocked", device_id: w.device, method: "keycode", ...(codeId ? { access_code_id: codeId } : {}), occurred_at: w.clock.now().toISOString(), ...extra }));
const noticeKinds = (w: World) => w.notices().map((m) => m.idempotencyKey.split(":").slice(2, 4).join(":"));

describe("door security alerts", () => {
  it("a revoked code that still opens the door raises one critical alert, which is not an arrival", async () => {
    const w = await seamDoorWorld();
    w.db.update(accessCodes).set({ state: "revoked", revokedAt: w.at(-0.5) }).where(eq(accessCodes.id, w.code.id)).run();
    await keypad(w, w.code.providerCodeId);
    w.clock.advance(10 * MINUTE);
    await keypad(w, w.code.providerCodeId);
    await w.settle();

    expect(w.alertsOf()).toMatchObject([{
      kind: "revoked_code_used", severity: "critical", status: "open", subjectType: "access_code", subjectId: w.code.id, dedupeKey: `revoked_code_used:${w.code.id}`,
      title: "A removed code opened Front door (7:10 AM at Beach House)",
    }]);
    expect(noticeKinds(w)).toEqual(["opened:critical"]);
    expect(w.stayRow().checkedInAt).toBeNull();
    expect(w.messagesOf("arrival_notice")).toHaveLength(0);
    expect(w.notices()[0]!.recipient).toBe("+14155550100");
    expect(JSON.stringify(w.alertsOf())).not.toContain("482913");
  });

  it("a keypad code staykey never set, tampering and a code used before its window raise their alerts", async () => {
    const w = await seamDoorWorld();
    await keypad(w, "3f2b8c1e-0000-4000-8000-00000000beef");
    await w.seamWebhook(seam.fake().addEvent({ event_type: "device.tampered", device_id: w.device, occurred_at: w.clock.now().toISOString() }));
    const later = w.world.stay(w.propertyId, { guestName: "Sam Lee", checkInAt: w.at(80), checkOutAt: w.at(120) });
    const early = w.world.code(w.lock.id, { stayId: later.id, state: "active", providerCodeId: "later-guest-code" });
    await keypad(w, early.providerCodeId);

    const byKind = Object.fromEntries(w.alertsOf().map((a) => [a.kind, a]));
    expect(byKind.unknown_keypad_code).toMatchObject({ severity: "warning", subjectType: "lock", subjectId: w.lock.id });
    expect(byKind.lock_tampered).toMatchObject({ severity: "critical", dedupeKey: `lock_tampered:${w.lock.id}` });
    expect(byKind.code_outside_window).toMatchObject({ severity: "warning", subjectId: early.id });
    expect(w.alertsOf()).toHaveLength(3);
    // The early code's use is logged and attributed, but the guest has not arrived: their stay has not begun.
    expect(w.eventsOf().find((e) => e.accessCodeId === early.id)).toMatchObject({ stayId: later.id, actor: "guest" });
  });

  it("five wrong codes within ten minutes are brute force (critical, once); four are not", async () => {
    const w = await seamDoorWorld();
    const denied = () => w.seamWebhook(seam.fake().addEvent({ event_type: "lock.access_denied", device_id: w.device, occurred_at: w.clock.now().toISOString() }));
    for (let i = 0; i < 4; i++) {
      await denied();
      w.clock.advance(2 * MINUTE);
    }
    expect(w.alertsOf()).toHaveLength(0);
    await denied();
    await denied();
    expect(w.alertsOf()).toMatchObject([{ kind: "keypad_brute_force", severity: "critical", status: "open" }]);
    expect(w.eventsOf().filter((e) => e.kind === "access_denied")).toHaveLength(6);
  });

  it("a security alert resolves after a quiet day, and a repeat keeps it open", async () => {
    const w = await seamDoorWorld();
    await keypad(w, "unknown-one");
    w.clock.advance(20 * HOUR);
    await keypad(w, "unknown-one");
    w.clock.advance(20 * HOUR);
    await runDoorSweep(w.deps);
    expect(w.alertsOf()[0]).toMatchObject({ status: "open" });
    w.clock.advance(5 * HOUR);
    await runDoorSweep(w.deps);
    expect(w.alertsOf()[0]).toMatchObject({ status: "resolved" });
  });
});

describe("no arrival", () => {
  it("raises an info alert when the guest's code has not opened a reporting door hours after check-in, and the arrival resolves it", async () => {
    const w = await seamDoorWorld();
    // The lock reports door activity (a cleaner's manual unlock yesterday); the guest checked in an hour ago.
    await recordDoorEvent(w.deps, { provider: "seam", providerEventId: "earlier", lockId: w.lock.id, kind: "unlocked", method: "manual", occurredAt: w.at(-20) });
    await runDoorSweep(w.deps);
    expect(w.alertsOf("no_arrival")).toHaveLength(0);
    w.clock.advance(5 * HOUR);
    await runDoorSweep(w.deps);
    expect(w.alertsOf("no_arrival")).toMatchObject([{ severity: "info", status: "open", subjectId: w.stay.id, title: "Maya Chen has not opened the door at Beach House yet" }]);
    await keypad(w, w.code.providerCodeId);
    expect(w.alertsOf("no_arrival")).toMatchObject([{ status: "resolved" }]);
    expect(w.stayRow().checkedInAt).toEqual(w.clock.now());
  });

  it("stays quiet for a lock that never reports door activity", async () => {
    const w = await seamDoorWorld();
    w.clock.advance(10 * HOUR);
    await runDoorSweep(w.deps);
    expect(w.alertsOf("no_arrival")).toHaveLength(0);
  });
});
