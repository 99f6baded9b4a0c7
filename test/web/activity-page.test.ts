import { describe, expect, it } from "vitest";
import { userProperties } from "../../src/db/schema";
import { recordDoorEvent } from "../../src/services/door/record-door-event";
import { signedInHost } from "./signed-in-host";
import { webClient } from "./web-client";

const PASSWORD = "activity-password-1";
const MINUTE = 60_000;

/**
 * A host with two properties in different zones, a guest's code and a cleaner's on the cottage door, and what the doors
 * reported: the guest's unlock, the cleaner's unlock, a wrong code at the loft.
 */
async function hostWithActivity() {
  const h = await signedInHost({ email: "activity@example.com", password: PASSWORD });
  const { deps, world, owner } = h;
  const cottage = world.property(owner.accountId, { name: "Seaside Cottage", timezone: "America/New_York" });
  const loft = world.property(owner.accountId, { name: "Tokyo Loft", timezone: "Asia/Tokyo" });
  const cottageDoor = world.lock(cottage.id, { name: "Cottage door" });
  const loftDoor = world.lock(loft.id, { name: "Loft door" });
  const now = deps.clock.now().getTime();
  const stay = world.stay(cottage.id, { guestName: "Maya Chen", checkInAt: new Date(now - 60 * MINUTE), checkOutAt: new Date(now + 48 * 60 * MINUTE) });
  const cleaner = world.cleaner(cottage.id, { name: "Rosa Diaz" });
  world.code(cottageDoor.id, { stayId: stay.id, state: "active", providerCodeId: "sim-maya", pin: "482913" });
  world.code(cottageDoor.id, { purpose: "cleaner", contactId: cleaner.id, state: "active", providerCodeId: "sim-rosa", pin: "735102", validFrom: new Date(now - 60 * MINUTE), validTo: new Date(now + 60 * MINUTE) });
  const event = (lockId: string, id: string, minutesAgo: number, more: Partial<Parameters<typeof recordDoorEvent>[1]> = {}) =>
    recordDoorEvent(deps, { provider: "simulated", providerEventId: id, lockId, kind: "unlocked", method: "keypad", occurredAt: new Date(now - minutesAgo * MINUTE), ...more });
  // 12:00 UTC less 30 minutes is 6:30 AM at the cottage (New York); 20 minutes ago is 8:40 PM in Tokyo.
  await event(cottageDoor.id, "maya-1", 30, { providerCodeId: "sim-maya" });
  await event(cottageDoor.id, "rosa-1", 25, { providerCodeId: "sim-rosa" });
  await event(loftDoor.id, "loft-1", 20, { kind: "access_denied", method: "keypad" });
  return { ...h, cottage, loft, cottageDoor, loftDoor, stay, cleaner, event };
}

const rowsOf = (html: string) => [...html.matchAll(/<tr><td>([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td>/g)].map((m) => `${m[1]} | ${m[2]} | ${m[3]}`.replace(/&#39;/g, "'"));

describe("the dashboard's door activity page", () => {
  it("lists every door's events newest first, in each property's local time, with whose code it was and a link to narrow to that person", async () => {
    const h = await hostWithActivity();
    const page = await h.client.get("/dashboard/activity");
    expect(page.status).toBe(200);
    expect(page.html).toContain('href="/dashboard/activity" aria-current="page"');
    expect(rowsOf(page.html)).toEqual([
      expect.stringMatching(/^.*8:40 PM.* \| Tokyo Loft · Loft door \| Wrong code entered$/),
      expect.stringMatching(/^.*6:35 AM.* \| Seaside Cottage · Cottage door \| Unlocked$/),
      expect.stringMatching(/^.*6:30 AM.* \| Seaside Cottage · Cottage door \| Unlocked$/),
    ]);
    expect(page.html).toContain("guest&#39;s code");
    expect(page.html).toContain(`/dashboard/activity?stay=${h.stay.id}`);
    expect(page.html).toContain(`/dashboard/activity?contact=${h.cleaner.id}`);
    expect(page.html).not.toContain("482913");
    expect(page.html).not.toContain("735102");
  });

  it("narrows by property, lock, kind, stay, person and days, and says what is wrong with a bad date", async () => {
    const h = await hostWithActivity();
    const rows = async (query: string) => rowsOf((await h.client.get(`/dashboard/activity?${query}`)).html).length;
    expect(await rows(`property=${h.loft.id}`)).toBe(1);
    expect(await rows(`lock=${h.cottageDoor.id}`)).toBe(2);
    expect(await rows("kind=access_denied")).toBe(1);
    expect(await rows(`stay=${h.stay.id}`)).toBe(1);
    expect(await rows(`contact=${h.cleaner.id}`)).toBe(1);
    // Days are the chosen property's: today at the cottage holds both its events, yesterday none.
    const today = "2026-11-21";
    expect(await rows(`property=${h.cottage.id}&from=${today}&to=${today}`)).toBe(2);
    expect(await rows(`property=${h.cottage.id}&to=2026-11-20`)).toBe(0);
    const narrowed = await h.client.get(`/dashboard/activity?stay=${h.stay.id}`);
    expect(narrowed.html).toContain("Only the stay of Maya Chen.");

    const bad = await h.client.get("/dashboard/activity?from=21/11/2026&kind=opened");
    expect(bad.status).toBe(400);
    expect(bad.html).toContain("Enter a date as YYYY-MM-DD.");
    expect(bad.html).toContain("Choose one of the listed kinds.");
    expect(rowsOf(bad.html)).toEqual([]);
  });

  it("pages through a long log, 50 at a time, newest first, without repeating or skipping an event", async () => {
    const h = await hostWithActivity();
    for (let i = 0; i < 52; i++) await h.event(h.loftDoor.id, `burst-${i}`, 10, { kind: "locked", method: "manual" });
    const first = await h.client.get(`/dashboard/activity?lock=${h.loftDoor.id}`);
    expect(rowsOf(first.html)).toHaveLength(50);
    const next = /<a rel="next" href="([^"]+)"/.exec(first.html)![1]!.replace(/&amp;/g, "&");
    const second = await h.client.get(next);
    expect(rowsOf(second.html)).toHaveLength(3);
    expect(rowsOf(second.html).at(-1)).toContain("Wrong code entered");
    expect(second.html).not.toContain('rel="next"');
  });

  it("downloads the same selection as CSV, times in the property's zone, no PIN", async () => {
    const h = await hostWithActivity();
    const page = await h.client.get(`/dashboard/activity?property=${h.cottage.id}`);
    const href = /href="(\/dashboard\/activity\/export\.csv[^"]*)"/.exec(page.html)![1]!.replace(/&amp;/g, "&");
    const csv = await h.client.get(href);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const lines = csv.html.trim().split("\r\n");
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain("2026-11-21 06:30:00,America/New_York");
    expect(lines[1]).toContain("Maya Chen");
    expect(lines[2]).toContain("Rosa Diaz");
    expect(csv.html).not.toContain("482913");
  });

  it("shows a manager limited to one property only that property's doors, in the page, its choices and the CSV", async () => {
    const h = await hostWithActivity();
    const scoped = await h.world.user(h.owner.accountId, { email: "loft@example.com", role: "manager", password: PASSWORD });
    h.deps.db.insert(userProperties).values({ userId: scoped.id, propertyId: h.loft.id }).run();
    const client = webClient(h.app);
    await client.signIn("loft@example.com", PASSWORD);
    for (const path of ["/dashboard/activity", `/dashboard/activity?property=${h.cottage.id}`, `/dashboard/activity?stay=${h.stay.id}`]) {
      const page = await client.get(path);
      expect(page.status).toBe(200);
      expect(page.html).not.toContain("Cottage door");
      expect(page.html).not.toContain("Maya Chen");
    }
    expect(rowsOf((await client.get("/dashboard/activity")).html)).toHaveLength(1);
    const csv = await client.get("/dashboard/activity/export.csv");
    expect(csv.html).toContain("Loft door");
    expect(csv.html).not.toContain("Cottage door");
  });

  it("never shows another account's doors, even by their ids", async () => {
    const h = await hostWithActivity();
    await h.world.account({ email: "intruder@example.com", password: PASSWORD });
    const client = webClient(h.app);
    await client.signIn("intruder@example.com", PASSWORD);
    for (const path of ["/dashboard/activity", `/dashboard/activity?lock=${h.cottageDoor.id}`, `/dashboard/activity?stay=${h.stay.id}`, "/dashboard/activity/export.csv"]) {
      const res = await client.get(path);
      expect(res.html).not.toContain("Cottage door");
      expect(res.html).not.toContain("Maya Chen");
      expect(res.html).not.toContain("Seaside Cottage");
    }
  });
});
