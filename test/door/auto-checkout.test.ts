import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { stays } from "../../src/db/schema";
import { recordDoorEvent } from "../../src/services/door/record-door-event";
import { updateProperty } from "../../src/services/properties/properties";
import { testServiceDeps } from "../support/service-deps";
import { testWorld } from "../support/world";

/** Checkout morning in Lisbon (UTC+1 in June): 09:00 local, checkout at 11:00; the guest arrived two days ago. */
async function checkoutMorning(optIn: boolean) {
  const deps = testServiceDeps({ now: "2026-06-03T08:00:00Z" });
  const world = testWorld(deps);
  const { accountId } = await world.account();
  const property = world.property(accountId, { name: "Seaside Cottage", timezone: "Europe/Lisbon" });
  if (optIn) updateProperty(deps, accountId, property.id, { autoCheckOutOnLock: true });
  const lock = world.lock(property.id);
  const stay = world.stay(property.id, { guestName: "Maya Chen", checkInAt: "2026-06-01T15:00:00Z", checkOutAt: "2026-06-03T10:00:00Z" });
  deps.db.update(stays).set({ checkedInAt: new Date("2026-06-01T16:00:00Z") }).where(eq(stays.id, stay.id)).run();
  const lockAt = (iso: string, id: string) => recordDoorEvent(deps, { provider: "simulated", providerEventId: id, lockId: lock.id, kind: "locked", method: "manual", occurredAt: new Date(iso) });
  const checkedOutAt = () => deps.db.select().from(stays).where(eq(stays.id, stay.id)).get()!.checkedOutAt;
  return { lockAt, checkedOutAt };
}

describe("auto checkout on lock", () => {
  it("checks the stay out when the door locks on the checkout morning, once the host opted in", async () => {
    const w = await checkoutMorning(true);
    await w.lockAt("2026-06-03T04:30:00Z", "before-morning");
    expect(w.checkedOutAt()).toBeNull();
    await w.lockAt("2026-06-03T08:00:00Z", "morning");
    expect(w.checkedOutAt()).toEqual(new Date("2026-06-03T08:00:00Z"));
  });

  it("does nothing for a property that did not opt in", async () => {
    const w = await checkoutMorning(false);
    await w.lockAt("2026-06-03T08:00:00Z", "morning");
    expect(w.checkedOutAt()).toBeNull();
  });
});
