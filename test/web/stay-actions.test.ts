import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { accessCodes, jobs, stays, userProperties } from "../../src/db/schema";
import { localToInstant } from "../../src/domain/calendar";
import { addDays, localDateOf } from "../../src/domain/calendar/local-time";
import type { SimulatedLockProvider } from "../../src/providers/locks/simulated";
import { dueJobRunner } from "../support/due-jobs";
import { signedInHost } from "./signed-in-host";
import { webClient } from "./web-client";

const PASSWORD = "host-password-1";

async function hostWithLock() {
  const h = await signedInHost({ email: "host@example.com", password: PASSWORD });
  const property = h.world.property(h.owner.accountId, { name: "Cabin", timezone: "America/Denver" });
  const lock = h.world.lock(property.id, { name: "Cabin door" });
  (h.deps.lockProvider(lock) as SimulatedLockProvider).addDevice({ deviceId: lock.providerDeviceId });
  const csrf = await h.client.csrfFrom("/dashboard");
  const day = (n: number) => addDays(localDateOf(h.deps.clock.now(), property.timezone), n);
  const codesOf = (stayId: string) => h.deps.db.select().from(accessCodes).where(and(eq(accessCodes.stayId, stayId), eq(accessCodes.purpose, "guest"))).all();
  return { ...h, property, lock, csrf, day, codesOf, runDue: dueJobRunner(h.deps) };
}

describe("adding a stay by hand from the property page", () => {
  it("reads the dates at the property's times in its zone, says so, and opens the new stay", async () => {
    const h = await hostWithLock();
    const page = (await h.client.get(`/dashboard/properties/${h.property.id}`)).html;
    expect(page).toContain("Add a stay by hand");
    expect(page).toContain("as the clock at Cabin shows them (Denver time, America/Denver)");

    const res = await h.client.post(`/dashboard/properties/${h.property.id}/stays`, {
      _csrf: h.csrf, checkInDate: h.day(3), checkOutDate: h.day(5), earlyCheckInAt: "13:00", lateCheckOutAt: "", guestName: "Ana Ruiz", guestPhone: "+1 (415) 555-0123", guestEmail: "",
    });
    expect(res.status).toBe(303);
    const stay = h.deps.db.select().from(stays).where(eq(stays.accountId, h.owner.accountId)).get()!;
    expect(res.location).toBe(`/dashboard/stays/${stay.id}`);
    expect(stay).toMatchObject({ kind: "manual", guestName: "Ana Ruiz", checkInDate: h.day(3), guestPhoneLast4: "0123" });
    expect(stay.checkInAt).toEqual(localToInstant(h.day(3), "16:00", "America/Denver"));
    expect(stay.earlyCheckInAt).toEqual(localToInstant(h.day(3), "13:00", "America/Denver"));
    expect(stay.checkOutAt).toEqual(localToInstant(h.day(5), "11:00", "America/Denver"));
    expect(await h.runDue()).toEqual([]);
    expect(h.codesOf(stay.id)).toHaveLength(1);
    expect((await h.client.get(res.location!)).html).toContain("Stay added.");
  });

  it("keeps what was typed and says what is wrong, beside the field", async () => {
    const h = await hostWithLock();
    const res = await h.client.post(`/dashboard/properties/${h.property.id}/stays`, { _csrf: h.csrf, checkInDate: h.day(5), checkOutDate: h.day(3), guestName: "Ana Ruiz", guestEmail: "not-an-email" });
    expect(res.status).toBe(400);
    expect(res.html).toContain("Stay not added");
    expect(res.html).toMatch(/<details class="fold" open="" id="add-stay">/);
    expect(res.html).toContain('value="Ana Ruiz"');
    expect(res.html).toContain('id="f-guestEmail-err"');
    expect(h.deps.db.select().from(stays).all()).toHaveLength(0);
    expect((await h.client.post(`/dashboard/properties/${h.property.id}/stays`, { checkInDate: h.day(3), checkOutDate: h.day(5) })).status).toBe(403);
  });
});

describe("a stay's actions", () => {
  it("gives the guest a new PIN after a confirmation page, and the old code leaves the lock", async () => {
    const h = await hostWithLock();
    const stay = h.world.stay(h.property.id, { guestName: "Ana Ruiz", checkInDate: h.day(0), checkOutDate: h.day(2), kind: "manual" });
    await h.deps.events.emit({ type: "stay.changed", stayId: stay.id });
    expect(await h.runDue()).toEqual([]);
    const [old] = h.codesOf(stay.id);
    expect(old!.state).toBe("active");

    const stayPage = (await h.client.get(`/dashboard/stays/${stay.id}`)).html;
    expect(stayPage).toContain(`href="/dashboard/stays/${stay.id}/new-pin"`);
    const confirm = await h.client.get(`/dashboard/stays/${stay.id}/new-pin`);
    expect(confirm.status).toBe(200);
    expect(confirm.html).toContain("Give the guest a new PIN?");
    expect(confirm.html).toContain("The current PIN stops working");
    expect(h.codesOf(stay.id)).toHaveLength(1);

    const done = await h.client.post(`/dashboard/stays/${stay.id}/new-pin`, { _csrf: h.csrf });
    expect(done.status).toBe(303);
    expect(await h.runDue()).toEqual([]);
    const after = h.codesOf(stay.id);
    expect(after.find((c) => c.id === old!.id)!.state).toBe("revoked");
    expect(after.filter((c) => c.state === "active")).toHaveLength(1);
    expect((await h.client.get(`/dashboard/stays/${stay.id}`)).html).toContain("New PIN planned.");
  });

  it("programs a far-off stay's code now", async () => {
    const h = await hostWithLock();
    const stay = h.world.stay(h.property.id, { guestName: "Ana Ruiz", checkInDate: h.day(9), checkOutDate: h.day(12) });
    await h.deps.events.emit({ type: "stay.changed", stayId: stay.id });
    expect(await h.runDue()).toEqual([]);
    expect(h.codesOf(stay.id).map((c) => c.state)).toEqual(["planned"]);
    const res = await h.client.post(`/dashboard/stays/${stay.id}/program-now`, { _csrf: h.csrf });
    expect(res.status).toBe(303);
    const due = h.deps.db.select().from(jobs).where(and(eq(jobs.name, "access-codes.program-code"), eq(jobs.state, "waiting"))).all()
      .filter((j) => j.runAt.getTime() <= h.deps.clock.now().getTime());
    expect(due).toHaveLength(1);
    expect(await h.runDue()).toEqual([]);
    expect(h.codesOf(stay.id).map((c) => c.state)).toEqual(["active"]);
    expect((await h.client.get(`/dashboard/stays/${stay.id}`)).html).toContain("Programming now");
  });

  it("cancels a manual stay after a confirmation page, but sends a calendar's stay back to its platform", async () => {
    const h = await hostWithLock();
    const manual = h.world.stay(h.property.id, { guestName: "Ana Ruiz", checkInDate: h.day(0), checkOutDate: h.day(2), kind: "manual" });
    await h.deps.events.emit({ type: "stay.changed", stayId: manual.id });
    expect(await h.runDue()).toEqual([]);
    expect((await h.client.get(`/dashboard/stays/${manual.id}`)).html).toContain("Cancel this stay…");
    const confirm = await h.client.get(`/dashboard/stays/${manual.id}/cancel`);
    expect(confirm.html).toContain("Its door codes are removed from every lock");
    expect((await h.client.post(`/dashboard/stays/${manual.id}/cancel`, { _csrf: h.csrf })).status).toBe(303);
    expect(await h.runDue()).toEqual([]);
    expect(h.deps.db.select().from(stays).where(eq(stays.id, manual.id)).get()!.status).toBe("cancelled");
    expect(h.codesOf(manual.id).map((c) => c.state)).toEqual(["revoked"]);

    const feed = h.world.feed(h.property.id);
    const synced = h.world.stay(h.property.id, { guestName: "Feed guest", feedId: feed.id, externalUid: "uid-1" });
    expect((await h.client.get(`/dashboard/stays/${synced.id}`)).html).not.toContain("Cancel this stay…");
    const refused = await h.client.get(`/dashboard/stays/${synced.id}/cancel`);
    expect(refused.status).toBe(303);
    expect((await h.client.post(`/dashboard/stays/${synced.id}/cancel`, { _csrf: h.csrf })).status).toBe(303);
    expect(h.deps.db.select().from(stays).where(eq(stays.id, synced.id)).get()!.status).toBe("confirmed");
  });

  it("answers 404 to a manager limited to another property, and changes nothing", async () => {
    const h = await hostWithLock();
    const other = h.world.property(h.owner.accountId, { name: "Loft" });
    const scoped = await h.world.user(h.owner.accountId, { email: "scoped@example.com", role: "manager", password: PASSWORD });
    h.deps.db.insert(userProperties).values({ userId: scoped.id, propertyId: other.id }).run();
    const stay = h.world.stay(h.property.id, { guestName: "Ana Ruiz", kind: "manual" });
    const client = webClient(h.app);
    await client.signIn("scoped@example.com", PASSWORD);
    const csrf = await client.csrfFrom("/dashboard");
    for (const path of ["new-pin", "cancel"]) expect((await client.get(`/dashboard/stays/${stay.id}/${path}`)).status).toBe(404);
    for (const path of ["new-pin", "cancel", "program-now"]) expect((await client.post(`/dashboard/stays/${stay.id}/${path}`, { _csrf: csrf })).status).toBe(404);
    expect((await client.post(`/dashboard/properties/${h.property.id}/stays`, { _csrf: csrf, checkInDate: h.day(3), checkOutDate: h.day(5) })).status).toBe(404);
    expect(h.deps.db.select().from(stays).all().map((s) => s.status)).toEqual(["confirmed"]);
  });
});
