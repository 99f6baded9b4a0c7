import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { lockEvents } from "../../src/db/schema";
import type { ServiceEvent } from "../../src/services/events";
import { recordDoorEvent } from "../../src/services/door/record-door-event";
import { testServiceDeps } from "../support/service-deps";
import { testWorld } from "../support/world";

const HOUR = 3_600_000;

async function doorWorld() {
  const deps = testServiceDeps({ now: "2026-06-01T12:00:00Z" });
  const emitted: ServiceEvent[] = [];
  const real = deps.events;
  deps.events = { emit: async (event) => { emitted.push(event); await real.emit(event); } };
  const world = testWorld(deps);
  const { accountId } = await world.account();
  const property = world.property(accountId, { name: "Seaside Cottage", timezone: "Europe/Lisbon" });
  const lock = world.lock(property.id, { name: "Front door" });
  const at = (hours: number) => new Date(deps.clock.now().getTime() + hours * HOUR);
  return { deps, world, accountId, property, lock, emitted, at };
}

describe("door event intake", () => {
  it("stores a keypad unlock once, attributed to the guest code's stay, and tells the other capabilities", async () => {
    const { deps, world, property, lock, emitted, at } = await doorWorld();
    const stay = world.stay(property.id, { guestName: "Maya Chen", checkInAt: at(-2), checkOutAt: at(70) });
    const code = world.code(lock.id, { stayId: stay.id, state: "active", providerCodeId: "sim_code_7" });

    const input = { provider: "simulated", providerEventId: "ev-1", lockId: lock.id, kind: "unlocked" as const, method: "keypad" as const, providerCodeId: "sim_code_7", occurredAt: at(0) };
    const first = await recordDoorEvent(deps, input);
    const again = await recordDoorEvent(deps, input);

    expect(first.outcome).toBe("stored");
    expect(again.outcome).toBe("duplicate");
    const rows = deps.db.select().from(lockEvents).all();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ lockId: lock.id, propertyId: property.id, kind: "unlocked", method: "keypad", accessCodeId: code.id, actor: "guest", stayId: stay.id, occurredAt: at(0) });
    expect(emitted).toEqual([
      { type: "door.event", lockEventId: rows[0]!.id },
      { type: "door.unlocked", lockEventId: rows[0]!.id, lockId: lock.id, accessCodeId: code.id, occurredAt: at(0).toISOString() },
    ]);
  });

  it("attributes a slot to the code that held it at the time, and a cleaner's code to the turnover and cleaner", async () => {
    const { deps, world, property, lock, at } = await doorWorld();
    const earlier = world.stay(property.id, { checkInAt: at(-80), checkOutAt: at(-10) });
    const cleaner = world.cleaner(property.id, { phone: "+14155550111" });
    const turnover = world.turnover(earlier.id, { startsAt: at(-10), endsAt: at(-5) });
    world.code(lock.id, { stayId: earlier.id, state: "revoked", slot: 3 });
    const cleanerCode = world.code(lock.id, { turnoverId: turnover.id, contactId: cleaner.id, state: "revoked", slot: 4 });
    const later = world.stay(property.id, { checkInAt: at(-1), checkOutAt: at(50) });
    const laterCode = world.code(lock.id, { stayId: later.id, state: "active", slot: 3 });

    await recordDoorEvent(deps, { provider: "home_assistant", providerEventId: "a", lockId: lock.id, kind: "unlocked", method: "keypad", slot: 3, occurredAt: at(0) });
    await recordDoorEvent(deps, { provider: "home_assistant", providerEventId: "b", lockId: lock.id, kind: "unlocked", method: "keypad", slot: 4, occurredAt: at(-8) });

    const byId = (id: string) => deps.db.select().from(lockEvents).where(eq(lockEvents.providerEventId, id)).get();
    expect(byId("a")).toMatchObject({ accessCodeId: laterCode.id, stayId: later.id, actor: "guest" });
    expect(byId("b")).toMatchObject({ accessCodeId: cleanerCode.id, turnoverId: turnover.id, contactId: cleaner.id, actor: "cleaner", stayId: null });
  });

  it("marks a keypad code staykey never issued as unknown, and a manual unlock as nobody's", async () => {
    const { deps, lock, at } = await doorWorld();
    await recordDoorEvent(deps, { provider: "seam", providerEventId: "x", lockId: lock.id, kind: "unlocked", method: "keypad", providerCodeId: "not-ours", occurredAt: at(0) });
    await recordDoorEvent(deps, { provider: "seam", providerEventId: "y", lockId: lock.id, kind: "unlocked", method: "manual", occurredAt: at(0) });
    const rows = deps.db.select().from(lockEvents).orderBy(lockEvents.providerEventId).all();
    expect(rows.map((r) => [r.providerEventId, r.actor, r.accessCodeId])).toEqual([["x", "unknown_code", null], ["y", null, null]]);
  });

  it("dedupes per account: the same vendor event id on two accounts' locks is stored for each", async () => {
    const a = await doorWorld();
    const { accountId: other } = await a.world.account();
    const otherLock = a.world.lock(a.world.property(other).id);
    await recordDoorEvent(a.deps, { provider: "seam", providerEventId: "shared", lockId: a.lock.id, kind: "locked", occurredAt: a.at(0) });
    await recordDoorEvent(a.deps, { provider: "seam", providerEventId: "shared", lockId: otherLock.id, kind: "locked", occurredAt: a.at(0) });
    expect(a.deps.db.select().from(lockEvents).all().map((r) => r.accountId).sort()).toEqual([a.accountId, other].sort());
  });
});
