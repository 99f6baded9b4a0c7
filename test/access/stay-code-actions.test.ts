import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { accessCodes, auditEvents, jobs, messages, stays } from "../../src/db/schema";
import type { SimulatedLockProvider } from "../../src/providers/locks/simulated";
import { codePinAd } from "../../src/services/access/code-records";
import { programStayCodesNow, regenerateStayPin } from "../../src/services/access/stay-code-actions";
import { messageBodyAssociatedData } from "../../src/services/delivery/message-rows";
import { resendGuestCode } from "../../src/services/delivery/resend-message";
import { cancelManualStay, createManualStay } from "../../src/services/stays/manual-stay";
import { addDays, localDateOf } from "../../src/domain/calendar/local-time";
import { dueJobRunner } from "../support/due-jobs";
import { testServiceDeps } from "../support/service-deps";
import { testWorld } from "../support/world";

const DAY = 86_400_000;

/** A host with one simulated lock (its device present) and a manual stay entered as the dashboard enters one. */
async function hostWithStay(startsInDays: number) {
  const deps = testServiceDeps();
  const world = testWorld(deps);
  const { accountId } = await world.account({ email: "host@example.com", password: "host-password-1" });
  const property = world.property(accountId, { name: "Cabin", timezone: "America/Denver" });
  const lock = world.lock(property.id, { name: "Cabin door" });
  const sim = deps.lockProvider(lock) as SimulatedLockProvider;
  sim.addDevice({ deviceId: lock.providerDeviceId });
  const checkInDate = addDays(localDateOf(deps.clock.now(), property.timezone), startsInDays);
  const stay = await createManualStay(deps, accountId, { propertyId: property.id, checkInDate, checkOutDate: addDays(checkInDate, 3), guestName: "Ana Ruiz", guestEmail: "ana@example.com" });
  const runDue = dueJobRunner(deps);
  const codes = () => deps.db.select().from(accessCodes).where(eq(accessCodes.stayId, stay.id)).all().map((c) => ({ ...c, pin: deps.box.decrypt(c.pinEnc, codePinAd(c.id)) }));
  /** The PINs the lock holds for this stay's guest (it also holds the spares staykey keeps for a failing code). */
  const pinsOnLock = () => {
    const names = new Set(codes().map((c) => `staykey ${c.id}`));
    return [...sim.store.devices.get(lock.providerDeviceId)!.codes.values()].filter((c) => names.has(c.name)).map((c) => c.pin);
  };
  const sentBodies = () =>
    deps.db.select().from(messages).where(and(eq(messages.stayId, stay.id), eq(messages.purpose, "guest_code"))).all()
      .filter((m) => m.status === "sent" || m.status === "delivered").map((m) => deps.box.decrypt(m.bodyEnc, messageBodyAssociatedData(m.id)));
  return { deps, world, accountId, property, lock, stay, runDue, codes, pinsOnLock, sentBodies };
}

describe("regenerating a stay's PIN", () => {
  it("removes the old code from the lock, sets a new PIN and sends the guest the new one once", async () => {
    const h = await hostWithStay(0);
    expect(await h.runDue()).toEqual([]);
    const [first] = h.codes();
    expect(first).toMatchObject({ state: "active" });
    expect(h.pinsOnLock()).toEqual([first!.pin]);
    expect(h.sentBodies()).toHaveLength(1);
    expect(h.sentBodies()[0]).toContain(first!.pin);

    const { planned } = await regenerateStayPin(h.deps, h.accountId, h.stay.id, "user:test");
    expect(planned).toBe(1);
    expect(await h.runDue()).toEqual([]);

    const after = h.codes();
    const fresh = after.find((c) => c.state === "active")!;
    expect(after.find((c) => c.id === first!.id)!.state).toBe("revoked");
    expect(fresh.pin).not.toBe(first!.pin);
    expect(h.pinsOnLock()).toEqual([fresh.pin]);
    const bodies = h.sentBodies();
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).toContain(fresh.pin);
    expect(bodies[1]).not.toContain(first!.pin);
    const audit = h.deps.db.select().from(auditEvents).where(eq(auditEvents.action, "stay.pin_regenerated")).all();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]!.detail)).not.toContain(fresh.pin);

    // The planner running again for this stay keeps the new PIN.
    await h.deps.events.emit({ type: "stay.changed", stayId: h.stay.id });
    expect(await h.runDue()).toEqual([]);
    expect(h.pinsOnLock()).toEqual([fresh.pin]);
    expect(h.sentBodies()).toHaveLength(2);
  });

  it("withdraws a code message still waiting with the old PIN, and tells the guest the new one at the usual time", async () => {
    const h = await hostWithStay(5);
    await programStayCodesNow(h.deps, h.accountId, h.stay.id, "user:test");
    expect(await h.runDue()).toEqual([]);
    const waiting = h.deps.db.select().from(messages).where(eq(messages.stayId, h.stay.id)).all();
    expect(waiting.map((m) => m.status)).toEqual(["queued"]);

    await regenerateStayPin(h.deps, h.accountId, h.stay.id, "user:test");
    expect(h.deps.db.select().from(messages).where(eq(messages.id, waiting[0]!.id)).get()!.status).toBe("failed");
    await programStayCodesNow(h.deps, h.accountId, h.stay.id, "user:test");
    expect(await h.runDue()).toEqual([]);
    const queued = h.deps.db.select().from(messages).where(and(eq(messages.stayId, h.stay.id), eq(messages.status, "queued"))).all();
    expect(queued).toHaveLength(1);
    expect(queued[0]!.sendAt!.getTime()).toBeGreaterThan(h.deps.clock.now().getTime() + DAY);
  });

  it("tells a guest who already had the old PIN at once, days before check-in", async () => {
    const h = await hostWithStay(5);
    await programStayCodesNow(h.deps, h.accountId, h.stay.id, "user:test");
    expect(await h.runDue()).toEqual([]);
    await resendGuestCode(h.deps, h.accountId, h.stay.id);
    expect(await h.runDue()).toEqual([]);
    const old = h.codes()[0]!.pin;
    expect(h.sentBodies()).toHaveLength(1);

    await regenerateStayPin(h.deps, h.accountId, h.stay.id, "user:test");
    await programStayCodesNow(h.deps, h.accountId, h.stay.id, "user:test");
    expect(await h.runDue()).toEqual([]);
    const fresh = h.codes().find((c) => c.state === "active")!.pin;
    expect(h.pinsOnLock()).toEqual([fresh]);
    expect(h.sentBodies()).toHaveLength(2);
    expect(h.sentBodies()[1]).toContain(fresh);
    expect(h.sentBodies()[1]).not.toContain(old);
  });

  it("refuses a cancelled stay and another account's stay", async () => {
    const h = await hostWithStay(2);
    const other = await h.world.account({ email: "other@example.com", password: "other-password-1" });
    await expect(regenerateStayPin(h.deps, other.accountId, h.stay.id, "user:x")).rejects.toMatchObject({ kind: "not_found" });
    await expect(programStayCodesNow(h.deps, other.accountId, h.stay.id, "user:x")).rejects.toMatchObject({ kind: "not_found" });
    await cancelManualStay(h.deps, h.accountId, h.stay.id);
    await expect(regenerateStayPin(h.deps, h.accountId, h.stay.id, "user:x")).rejects.toMatchObject({ kind: "conflict" });
  });
});

describe("programming a stay's code now", () => {
  it("asks for the program job at once instead of a day before check-in, and the lock gets the code", async () => {
    const h = await hostWithStay(6);
    expect(await h.runDue()).toEqual([]);
    const [planned] = h.codes();
    expect(planned).toMatchObject({ state: "planned" });
    expect(planned!.programAt!.getTime()).toBeGreaterThan(h.deps.clock.now().getTime() + 4 * DAY);
    expect(h.pinsOnLock()).toEqual([]);

    const outcome = await programStayCodesNow(h.deps, h.accountId, h.stay.id, "user:test");
    expect(outcome).toEqual({ queued: 1, atWindowStart: 0, alreadyOn: 0 });
    const waiting = h.deps.db.select().from(jobs).where(and(eq(jobs.name, "access-codes.program-code"), eq(jobs.state, "waiting"))).all();
    expect(waiting.map((j) => j.runAt.getTime())).toContain(h.deps.clock.now().getTime());
    expect(await h.runDue()).toEqual([]);
    expect(h.codes()[0]).toMatchObject({ state: "active" });
    expect(h.pinsOnLock()).toEqual([planned!.pin]);
    expect(await programStayCodesNow(h.deps, h.accountId, h.stay.id, "user:test")).toEqual({ queued: 0, atWindowStart: 0, alreadyOn: 1 });
  });

  it("cancelling a manual stay removes its code from the lock", async () => {
    const h = await hostWithStay(0);
    expect(await h.runDue()).toEqual([]);
    expect(h.pinsOnLock()).toHaveLength(1);
    await cancelManualStay(h.deps, h.accountId, h.stay.id);
    expect(await h.runDue()).toEqual([]);
    expect(h.pinsOnLock()).toEqual([]);
    expect(h.deps.db.select().from(stays).where(eq(stays.id, h.stay.id)).get()!.status).toBe("cancelled");
  });
});
