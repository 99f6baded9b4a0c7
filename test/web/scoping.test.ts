import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { contacts, propertyCleaners } from "../../src/db/schema";
import { testServiceDeps } from "../support/service-deps";
import { seeder } from "./seed";
import { webClient } from "./web-client";

// testServiceDeps' clock starts at 2026-11-21T12:00:00Z.
async function twoAccounts() {
  const deps = testServiceDeps();
  const app = createApp(deps);
  const seed = seeder(deps);
  const a = await seed.account("a@example.com", "password-a-123");
  const b = await seed.account("b@example.com", "password-b-123");
  const bProperty = seed.property(b.accountId, "B's cabin");
  const bLock = seed.lock(b.accountId, bProperty, "B door");
  const bStay = seed.stay(b.accountId, bProperty, { checkIn: "2026-11-25T16:00:00Z", checkOut: "2026-11-28T11:00:00Z", guestName: "B guest" });
  const bAlert = seed.alert(b.accountId, bLock, "B battery low");
  return { deps, app, seed, a, b, bProperty, bStay, bAlert };
}

describe("dashboard account scoping", () => {
  it("answers another account's property, stay and alert ids with 404, and changes nothing", async () => {
    const { app, bProperty, bStay, bAlert, deps } = await twoAccounts();
    const client = webClient(app);
    await client.signIn("a@example.com", "password-a-123");
    const csrf = await client.csrfFrom("/dashboard");
    for (const path of [`/dashboard/properties/${bProperty}`, `/dashboard/stays/${bStay}`]) {
      const res = await client.get(path);
      expect(res.status).toBe(404);
      expect(res.html).not.toContain("B guest");
      expect(res.html).not.toContain("B's cabin");
    }
    expect((await client.post(`/dashboard/alerts/${bAlert}/acknowledge`, { _csrf: csrf })).status).toBe(404);
    expect((await client.post(`/dashboard/properties/${bProperty}/feeds`, { _csrf: csrf, url: "https://example.com/cal.ics" })).status).toBe(404);
    expect((await client.post(`/dashboard/stays/${bStay}/overrides`, { _csrf: csrf, earlyCheckIn: "2026-11-25T12:00", lateCheckOut: "" })).status).toBe(404);
    for (const path of ["/dashboard", "/dashboard/properties"]) {
      const overview = await client.get(path);
      expect(overview.html).not.toContain("B battery low");
      expect(overview.html).not.toContain("B&#39;s cabin");
    }
    expect(deps.db.$client.prepare("select acknowledged_at from alerts where id = ?").get(bAlert)).toEqual({ acknowledged_at: null });
  });
});

describe("cleaner portal", () => {
  async function withCleaners() {
    const ctx = await twoAccounts();
    const { seed, a } = ctx;
    const beach = seed.property(a.accountId, "Beach flat");
    const hill = seed.property(a.accountId, "Hill house");
    const beachLock = seed.lock(a.accountId, beach, "Beach door");
    const hillLock = seed.lock(a.accountId, hill, "Hill door");
    const ana = await seed.cleaner(a.accountId, "ana@example.com", "ana-password-1", "Ana", [beach]);
    const ben = await seed.cleaner(a.accountId, "ben@example.com", "ben-password-1", "Ben", [hill]);
    const s1 = seed.stay(a.accountId, beach, { checkIn: "2026-11-22T16:00:00Z", checkOut: "2026-11-24T11:00:00Z", guestName: "Guest One" });
    const s2 = seed.stay(a.accountId, hill, { checkIn: "2026-11-22T16:00:00Z", checkOut: "2026-11-25T11:00:00Z", guestName: "Guest Two" });
    const t1 = seed.turnover(a.accountId, beach, s1, "2026-11-24T11:00:00Z", "2026-11-24T16:00:00Z");
    const t2 = seed.turnover(a.accountId, hill, s2, "2026-11-25T11:00:00Z", "2026-11-25T16:00:00Z");
    seed.code({ accountId: a.accountId, propertyId: beach, lockId: beachLock, pin: "482913", state: "active", from: "2026-11-24T11:00:00Z", to: "2026-11-24T16:00:00Z", turnoverId: t1, contactId: ana.contactId });
    seed.code({ accountId: a.accountId, propertyId: hill, lockId: hillLock, pin: "771204", state: "active", from: "2026-11-25T11:00:00Z", to: "2026-11-25T16:00:00Z", turnoverId: t2, contactId: ben.contactId });
    seed.code({ accountId: a.accountId, propertyId: beach, lockId: beachLock, pin: "650318", state: "active", from: "2026-11-22T16:00:00Z", to: "2026-11-24T11:00:00Z", stayId: s1 });
    return { ...ctx, beach, hill, ana };
  }

  it("shows a cleaner only their own turnovers and codes, never a guest's PIN", async () => {
    const { app } = await withCleaners();
    const ana = webClient(app);
    const res = await ana.signIn("ana@example.com", "ana-password-1");
    expect(res.location).toBe("/cleaner");
    const page = await ana.get("/cleaner");
    expect(page.status).toBe(200);
    expect(page.html).toContain("Beach flat");
    expect(page.html).toContain("482913");
    expect(page.html).not.toContain("Hill house");
    expect(page.html).not.toContain("771204");
    expect(page.html).not.toContain("650318");
    expect(page.html).not.toContain("Guest One");
  });

  it("keeps a cleaner out of the host dashboard", async () => {
    const { app, beach } = await withCleaners();
    const ana = webClient(app);
    await ana.signIn("ana@example.com", "ana-password-1");
    for (const path of ["/dashboard", "/dashboard/properties", `/dashboard/properties/${beach}`, "/dashboard/outbox"]) {
      const res = await ana.get(path);
      expect(res.status).toBe(303);
      expect(res.location).toBe("/cleaner");
    }
  });

  it("gives a cleaner a calendar link that serves only their turnovers and stops working when replaced", async () => {
    const { app } = await withCleaners();
    const ana = webClient(app);
    await ana.signIn("ana@example.com", "ana-password-1");
    const issue = async () => {
      const page = await ana.post("/cleaner/calendar-link", { _csrf: await ana.csrfFrom("/cleaner") });
      return new URL(/id="cal-link" readonly="" value="([^"]+)"/.exec(page.html)![1]!);
    };
    const first = await issue();
    const feed = await app.request(first.pathname);
    expect(feed.headers.get("content-type")).toMatch(/^text\/calendar/);
    const ics = await feed.text();
    expect(ics).toContain("Beach flat");
    // Calendar subscriptions are fetched and cached by third-party servers: the schedule, never the code.
    expect(ics).not.toContain("482913");
    expect(ics).not.toContain("Hill house");
    const second = await issue();
    expect(second.pathname).not.toBe(first.pathname);
    expect((await app.request(first.pathname)).status).toBe(404);
    expect((await app.request(second.pathname)).status).toBe(200);
  });

  it("gives no calendar link to a user whose contact is no longer a cleaner, as the API refuses it", async () => {
    const { app, deps, ana } = await withCleaners();
    const client = webClient(app);
    await client.signIn("ana@example.com", "ana-password-1");
    const csrf = await client.csrfFrom("/cleaner");
    // What PATCH /contacts/{id} {"role":"alerts"} writes: the role, and no more properties.
    deps.db.update(contacts).set({ role: "alerts" }).where(eq(contacts.id, ana.contactId)).run();
    deps.db.delete(propertyCleaners).where(eq(propertyCleaners.contactId, ana.contactId)).run();
    const res = await client.post("/cleaner/calendar-link", { _csrf: csrf });
    expect(res.status).toBe(409);
    expect(res.html).not.toContain("cal-link");
    expect(deps.db.select().from(contacts).where(eq(contacts.id, ana.contactId)).get()!.icalTokenHash).toBeNull();
  });
});
