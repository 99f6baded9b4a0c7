import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { accessCodes, lockEvents, locks, stays } from "../../src/db/schema";
import type { SimulatedLockProvider } from "../../src/providers/locks/simulated";
import { recordDoorEvent } from "../../src/services/door/record-door-event";
import { testServiceDeps } from "../support/service-deps";
import { seeder } from "../web/seed";
import { webClient } from "../web/web-client";

const HOUR = 3_600_000;

async function hostWithGuestInside() {
  const deps = testServiceDeps();
  const app = createApp(deps);
  const seed = seeder(deps);
  const owner = await seed.account("host@example.com", "host-password-1");
  const client = webClient(app);
  await client.signIn("host@example.com", "host-password-1");
  const at = (hours: number) => new Date(deps.clock.now().getTime() + hours * HOUR).toISOString();
  const prop = seed.property(owner.accountId, "Cabin", "Europe/Lisbon");
  const lock = seed.lock(owner.accountId, prop, "Cabin door");
  const stay = seed.stay(owner.accountId, prop, { checkIn: at(-3), checkOut: at(40), guestName: "Sam Lee" });
  const code = seed.code({ accountId: owner.accountId, propertyId: prop, lockId: lock, pin: "650318", state: "active", from: at(-3), to: at(40), stayId: stay });
  deps.db.update(accessCodes).set({ providerCodeId: "sim-code-1" }).where(eq(accessCodes.id, code)).run();
  return { deps, client, stay, lock, at, csrf: await client.csrfFrom("/dashboard") };
}

describe("the stay page's door activity", () => {
  it("shows the arrival and the door's events in the property's time, and checks the stay out from a button", async () => {
    const { deps, client, stay, lock, csrf } = await hostWithGuestInside();
    expect((await client.get(`/dashboard/stays/${stay}`)).html).toContain("Not arrived yet");
    await recordDoorEvent(deps, { provider: "simulated", providerEventId: "e1", lockId: lock, kind: "unlocked", method: "keypad", providerCodeId: "sim-code-1", occurredAt: deps.clock.now() });

    const page = (await client.get(`/dashboard/stays/${stay}`)).html;
    expect(page).toContain("Arrived ");
    expect(page).toMatch(/<td>Cabin door<\/td><td>Unlocked<\/td>/);
    expect(page).not.toContain("650318");

    const res = await client.post(`/dashboard/stays/${stay}/checkout`, { _csrf: csrf });
    expect(res.status).toBe(303);
    expect(deps.db.select().from(stays).where(eq(stays.id, stay)).get()!.checkedOutAt).toEqual(deps.clock.now());
    const after = (await client.get(`/dashboard/stays/${stay}`)).html;
    expect(after).toContain("Checked out early");
    expect(after).not.toContain("Check out now");
  });

  it("refuses without the form's CSRF token, and explains a stay that has not begun", async () => {
    const { deps, client, csrf, at } = await hostWithGuestInside();
    const seed = seeder(deps);
    const [owner] = deps.db.select().from(stays).all();
    const later = seed.stay(owner!.accountId, owner!.propertyId, { checkIn: at(100), checkOut: at(140), guestName: "Later" });
    expect((await client.post(`/dashboard/stays/${later}/checkout`, {})).status).toBe(403);
    const refused = await client.post(`/dashboard/stays/${later}/checkout`, { _csrf: csrf });
    expect(refused.status).toBe(409);
    expect(refused.html).toContain("This stay has not begun yet");
    expect(deps.db.select().from(stays).where(eq(stays.id, later)).get()!.checkedOutAt).toBeNull();
  });

  it("types a PIN at a simulated lock from its property page: a wrong one is logged as a refused code, the right one opens", async () => {
    const { deps, client, lock, stay, csrf, at } = await hostWithGuestInside();
    const row = deps.db.select().from(locks).where(eq(locks.id, lock)).get()!;
    const sim = deps.lockProvider(row) as SimulatedLockProvider;
    sim.addDevice({ deviceId: row.providerDeviceId });
    const onLock = await sim.createCode(row.providerDeviceId, { name: "Sam Lee", pin: "650318", startsAt: new Date(at(-3)), endsAt: new Date(at(40)) });
    deps.db.update(accessCodes).set({ providerCodeId: onLock.codeId }).where(eq(accessCodes.stayId, stay)).run();
    const path = `/dashboard/properties/${row.propertyId}/locks/${lock}/keypad`;

    const wrong = await client.post(path, { _csrf: csrf, pin: "111111" });
    expect(wrong.status).toBe(303);
    const right = await client.post(path, { _csrf: csrf, pin: "650318" });
    expect(right.status).toBe(303);
    const events = deps.db.select().from(lockEvents).where(eq(lockEvents.lockId, lock)).orderBy(lockEvents.id).all();
    expect(events.map((e) => [e.kind, e.stayId])).toEqual([["access_denied", null], ["unlocked", stay]]);
    expect(deps.db.select().from(stays).where(eq(stays.id, stay)).get()!.checkedInAt).toEqual(deps.clock.now());
    const page = (await client.get(`/dashboard/properties/${row.propertyId}`)).html;
    expect(page).toContain("Type a PIN at the keypad");
    expect(page).not.toContain("650318");
  });
});
