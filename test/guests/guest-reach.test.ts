import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { alerts } from "../../src/db/schema";
import { checkGuestReach, guestUnreachableKey } from "../../src/services/guests/guest-reach";
import { stayGuestPath } from "../../src/services/guests/guest-links";
import { guestReachSweeps } from "../../src/services/guests/reconcile-sources";
import { apiHarness } from "../support/api-client";
import { testWorld } from "../support/world";
import { webClient } from "../web/web-client";

const HOUR = 3_600_000;

async function unreachableGuest() {
  const h = await apiHarness();
  const world = testWorld(h.deps);
  const property = world.property(h.a.accountId, { name: "Pine Cabin", unreachableAlertLeadMinutes: 24 * 60 });
  const lock = world.lock(property.id);
  const at = (hours: number) => new Date(h.deps.clock.now().getTime() + hours * HOUR);
  const stay = world.stay(property.id, { checkInAt: at(48), checkOutAt: at(120), guestName: "Noor", reservationCode: "HMREACH001", guestPhoneLast4: "4455" });
  return { ...h, world, property, lock, stay, at };
}

const alertsOf = (h: Awaited<ReturnType<typeof unreachableGuest>>) => h.deps.db.select().from(alerts).where(eq(alerts.dedupeKey, guestUnreachableKey(h.stay.id))).all();

describe("guests nobody can reach", () => {
  it("marks a stay unreachable only once its code is confirmed, in the API", async () => {
    const h = await unreachableGuest();
    expect((await h.a.request("GET", `/api/v1/stays/${h.stay.id}`)).body.unreachable).toBe(false);
    h.world.code(h.lock.id, { stayId: h.stay.id, state: "active" });
    expect((await h.a.request("GET", `/api/v1/stays/${h.stay.id}`)).body.unreachable).toBe(true);
    const listed = await h.a.request("GET", "/api/v1/stays");
    expect(listed.body.data.find((s: { id: string }) => s.id === h.stay.id).unreachable).toBe(true);
  });

  it("raises one guest_unreachable warning at the property's lead before check-in, and resolves it when the guest opens the page", async () => {
    const h = await unreachableGuest();
    h.world.code(h.lock.id, { stayId: h.stay.id, state: "active" });
    await checkGuestReach(h.deps);
    expect(alertsOf(h)).toEqual([]);

    h.deps.clock.set(h.at(24.5));
    await checkGuestReach(h.deps);
    await checkGuestReach(h.deps);
    const [alert] = alertsOf(h);
    expect(alertsOf(h)).toHaveLength(1);
    expect(alert).toMatchObject({ kind: "guest_unreachable", severity: "warning", status: "open", subjectType: "stay", subjectId: h.stay.id });
    expect(alert!.title).toContain("Pine Cabin");

    const page = await webClient(h.app).get(stayGuestPath(h.deps.box, h.stay));
    expect(page.status).toBe(200);
    expect(alertsOf(h)[0]!.status).toBe("resolved");
    expect((await h.a.request("GET", `/api/v1/stays/${h.stay.id}`)).body.unreachable).toBe(false);
    await checkGuestReach(h.deps);
    expect(alertsOf(h)).toHaveLength(1);
  });

  it("resolves when the guest leaves an email on the page, and when the stay is cancelled or over", async () => {
    const h = await unreachableGuest();
    h.world.code(h.lock.id, { stayId: h.stay.id, state: "active" });
    h.deps.clock.set(h.at(30));
    await checkGuestReach(h.deps);
    expect(alertsOf(h)[0]!.status).toBe("open");
    // Registration opens the page first (a GET), so use the form post alone to show the contact resolves it too.
    const res = await webClient(h.app).post(`${stayGuestPath(h.deps.box, h.stay)}/contact`, { email: "noor@example.com" });
    expect(res.status).toBe(303);
    expect(alertsOf(h)[0]!.status).toBe("resolved");

    const other = h.world.stay(h.property.id, { checkInAt: h.at(2), checkOutAt: h.at(10) });
    h.world.code(h.lock.id, { stayId: other.id, state: "active" });
    await checkGuestReach(h.deps);
    expect(h.deps.db.select().from(alerts).where(eq(alerts.dedupeKey, guestUnreachableKey(other.id))).get()!.status).toBe("open");
    h.deps.clock.set(h.at(11));
    await checkGuestReach(h.deps);
    expect(h.deps.db.select().from(alerts).where(eq(alerts.dedupeKey, guestUnreachableKey(other.id))).get()!.status).toBe("resolved");
  });

  it("is swept every 15 minutes by the reconciler", async () => {
    const h = await unreachableGuest();
    const now = h.deps.clock.now();
    const [job] = guestReachSweeps({ db: h.deps.db, now, until: new Date(now.getTime() + 3_600_000) });
    expect(job!.name).toBe("alerts.check-guest-reach");
    expect(job!.runAt.getTime() % (15 * 60_000)).toBe(0);
  });
});
