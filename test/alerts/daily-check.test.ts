import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { accessCodes, stays } from "../../src/db/schema";
import { runDailyCheck } from "../../src/services/health/daily-check";
import { alertWorld, type AlertWorld } from "./alert-world";

const GUEST_PHONE = "+14155550123";
const PIN = "482913";

function addStay(w: AlertWorld, guestName: string, checkInAt: string) {
  const checkIn = new Date(checkInAt);
  return w.world.stay(w.propertyId, { guestName, guestPhone: GUEST_PHONE, checkInAt: checkIn, checkOutAt: new Date(checkIn.getTime() + 3 * 86_400_000) }).id;
}

function addCode(w: AlertWorld, stayId: string, lockId: string, state: "programming" | "active") {
  const t = w.clock.now();
  return w.world.code(lockId, { stayId, pin: PIN, state, validFrom: t, validTo: new Date(t.getTime() + 5 * 86_400_000) }).id;
}

function addSentMessage(w: AlertWorld, stayId: string) {
  w.world.message(w.accountId, { propertyId: w.propertyId, stayId, recipient: GUEST_PHONE, body: `Your code is ${PIN}`, status: "sent", idempotencyKey: `guest-code_${stayId}_sms` });
}

describe("daily check-in readiness check", () => {
  it("names the stay whose code is not confirmed, and leaves a ready one alone", async () => {
    // 08:00 in New York on the day before both arrivals (EST, UTC-5).
    const w = await alertWorld({ now: "2026-11-21T13:00:00Z" });
    const lock = w.addLock({ provider: "simulated", providerDeviceId: "sim-1", name: "Front door" });
    const ready = addStay(w, "Ann", "2026-11-21T21:00:00Z");
    addCode(w, ready, lock.id, "active");
    addSentMessage(w, ready);
    const pending = addStay(w, "Bob", "2026-11-22T09:00:00Z");
    const pendingCode = addCode(w, pending, lock.id, "programming");
    addStay(w, "Cy", "2026-11-23T21:00:00Z"); // beyond 24 h: not judged yet

    expect(await runDailyCheck(w.deps, w.propertyId)).toEqual({ checked: 2, notReady: 1 });
    await w.settle();
    const [alert] = w.alertsOf();
    expect(w.alertsOf()).toHaveLength(1);
    expect(alert).toMatchObject({ kind: "check_in_not_ready", subjectId: pending, status: "open" });
    // Property-local time, not UTC or the server's zone (tests run with TZ=Pacific/Auckland).
    expect(alert!.title).toBe("Check-in at Beach House on Sun 22 Nov 04:00 (Bob) is not ready");
    expect(alert!.detail).toBe("Missing: code not confirmed on Front door; code message not sent to the guest.");
    const [notice] = w.notices();
    const text = w.body(notice!);
    expect(text).toContain("Bob");
    expect(text).not.toContain(PIN);
    expect(text).not.toContain(GUEST_PHONE);

    // The code is confirmed and the message goes out: the next check resolves the alert and says so.
    w.db.update(accessCodes).set({ state: "active" }).where(eq(accessCodes.id, pendingCode)).run();
    addSentMessage(w, pending);
    w.clock.advance(3600_000);
    await runDailyCheck(w.deps, w.propertyId);
    await w.settle();
    expect(w.alertsOf()[0]!.status).toBe("resolved");
    expect(w.notices().map((m) => m.idempotencyKey.split(":")[2])).toEqual(["opened", "resolved"]);
  });

  it("resolves a flagged stay fixed after its check-in went by, and leaves one still not ready open", async () => {
    const w = await alertWorld({ now: "2026-11-21T13:00:00Z" });
    const lock = w.addLock({ provider: "simulated", providerDeviceId: "sim-1", name: "Front door" });
    const fixedLater = addStay(w, "Eve", "2026-11-21T21:00:00Z");
    const stillBroken = addStay(w, "Flo", "2026-11-21T22:00:00Z");
    addCode(w, fixedLater, lock.id, "programming");
    addCode(w, stillBroken, lock.id, "programming");
    await runDailyCheck(w.deps, w.propertyId);
    expect(w.alertsOf().map((a) => [a.subjectId, a.status]).sort()).toEqual([[fixedLater, "open"], [stillBroken, "open"]].sort());

    // The next day both arrivals are in the past, so neither is "arriving"; only the open alerts bring them back.
    w.clock.advance(24 * 3600_000);
    w.db.update(accessCodes).set({ state: "active" }).where(eq(accessCodes.stayId, fixedLater)).run();
    addSentMessage(w, fixedLater);
    expect(await runDailyCheck(w.deps, w.propertyId)).toEqual({ checked: 0, notReady: 0 });
    const status = Object.fromEntries(w.alertsOf().map((a) => [a.subjectId, a.status]));
    expect(status).toEqual({ [fixedLater]: "resolved", [stillBroken]: "open" });
  });

  it("resolves the alert of a flagged stay that turns out to be another platform's echo of a booking: that booking is the guest's", async () => {
    const w = await alertWorld({ now: "2026-11-21T13:00:00Z" });
    w.addLock({ provider: "simulated", providerDeviceId: "sim-1", name: "Front door" });
    const booking = addStay(w, "Gus", "2026-11-21T21:00:00Z");
    const copy = addStay(w, "Gus", "2026-11-21T21:00:00Z");
    await runDailyCheck(w.deps, w.propertyId);
    expect(w.alertsOf().map((a) => [a.subjectId, a.status]).sort()).toEqual([[booking, "open"], [copy, "open"]].sort());

    // The next sync marks the Booking.com copy as the Airbnb booking's echo.
    w.db.update(stays).set({ echoOfStayId: booking }).where(eq(stays.id, copy)).run();
    w.clock.advance(3600_000);
    expect(await runDailyCheck(w.deps, w.propertyId)).toEqual({ checked: 1, notReady: 1 });
    const status = Object.fromEntries(w.alertsOf().map((a) => [a.subjectId, a.status]));
    expect(status).toEqual({ [booking]: "open", [copy]: "resolved" });
  });

  it("says when a property has no lock at all", async () => {
    const w = await alertWorld({ now: "2026-11-21T13:00:00Z" });
    addStay(w, "Dee", "2026-11-21T21:00:00Z");
    await runDailyCheck(w.deps, w.propertyId);
    expect(w.alertsOf()[0]!.detail).toContain("no lock is set up for this property");
  });
});
