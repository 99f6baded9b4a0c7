import { eq } from "drizzle-orm";
import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alerts, feeds, properties, stays } from "../../src/db/schema";
import { startHttpServer, type RunningServer } from "../../src/server";
import { startFeedServer, type FeedServer } from "../peers/feed-server";
import { testServiceDeps } from "../support/service-deps";
import { seeder } from "../web/seed";
import { launchChromium, SHOTS, shot } from "./chromium";


const CALENDAR = [
  "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//loopback//EN",
  "BEGIN:VEVENT", "UID:res-1@test", "DTSTAMP:20261120T000000Z", "DTSTART;VALUE=DATE:20261125", "DTEND;VALUE=DATE:20261128", "SUMMARY:Reserved", "END:VEVENT",
  "END:VCALENDAR", "",
].join("\r\n");

describe("dashboard in Chromium", () => {
  const svc = testServiceDeps({ now: "2026-11-21T12:00:00Z" });
  const seed = seeder(svc);
  let server: RunningServer;
  let feedServer: FeedServer;
  let browser: Browser;
  let host: Page;
  let base: string;
  let alertId: string;
  let propertyId: string;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const owner = await seed.account("host@example.com", "host-password-1");
    // The cleaner's world: one property they clean, one they do not, each with a turnover and a cleaner code.
    const beach = seed.property(owner.accountId, "Beach flat");
    const hill = seed.property(owner.accountId, "Hill house");
    const beachLock = seed.lock(owner.accountId, beach, "Beach door", { batteryLevel: 14 });
    const hillLock = seed.lock(owner.accountId, hill, "Hill door");
    const ana = await seed.cleaner(owner.accountId, "ana@example.com", "ana-password-1", "Ana", [beach]);
    const ben = await seed.cleaner(owner.accountId, "ben@example.com", "ben-password-1", "Ben", [hill]);
    const s1 = seed.stay(owner.accountId, beach, { checkIn: "2026-11-22T16:00:00Z", checkOut: "2026-11-24T11:00:00Z", guestName: "Guest One", guestPhone: "+351912345678" });
    const s2 = seed.stay(owner.accountId, hill, { checkIn: "2026-11-22T16:00:00Z", checkOut: "2026-11-25T11:00:00Z", guestName: "Guest Two" });
    const t1 = seed.turnover(owner.accountId, beach, s1, "2026-11-24T11:00:00Z", "2026-11-24T16:00:00Z");
    const t2 = seed.turnover(owner.accountId, hill, s2, "2026-11-25T11:00:00Z", "2026-11-25T16:00:00Z");
    seed.code({ accountId: owner.accountId, propertyId: beach, lockId: beachLock, pin: "650318", state: "active", from: "2026-11-22T16:00:00Z", to: "2026-11-24T11:00:00Z", stayId: s1 });
    seed.code({ accountId: owner.accountId, propertyId: beach, lockId: beachLock, pin: "482913", state: "active", from: "2026-11-24T11:00:00Z", to: "2026-11-24T16:00:00Z", turnoverId: t1, contactId: ana.contactId });
    seed.code({ accountId: owner.accountId, propertyId: hill, lockId: hillLock, pin: "771204", state: "active", from: "2026-11-25T11:00:00Z", to: "2026-11-25T16:00:00Z", turnoverId: t2, contactId: ben.contactId });
    seed.message({ accountId: owner.accountId, stayId: s1, body: "Welcome! Your door code is 650318.", status: "delivered" });
    alertId = seed.alert(owner.accountId, beachLock, "Beach door battery low");

    feedServer = await startFeedServer();
    feedServer.set("/cal/listing.ics", { body: CALENDAR, headers: { "content-type": "text/calendar" } });
    server = await startHttpServer(svc, { port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${server.port}`;
    browser = await launchChromium();
    host = await (await browser.newContext({ viewport: { width: 1100, height: 900 } })).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await feedServer?.close();
  });

  it("signs a host in and shows each property's next check-in, lock health and alerts", async () => {
    await host.goto(`${base}/dashboard`);
    expect(new URL(host.url()).pathname).toBe("/login");
    await host.getByLabel("Email").fill("host@example.com");
    await host.getByLabel("Password").fill("host-password-1");
    await host.getByRole("button", { name: "Sign in", exact: true }).click();
    await host.getByRole("heading", { name: "Today", level: 1 }).waitFor();
    await host.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Properties" }).click();
    await host.getByRole("heading", { name: "Properties", level: 1 }).waitFor();
    const beach = host.getByRole("region", { name: "Beach flat" });
    await expect(beach.textContent()).resolves.toContain("Guest One");
    await expect(beach.textContent()).resolves.toContain("code active");
    await expect(beach.textContent()).resolves.toContain("message delivered");
    await expect(beach.textContent()).resolves.toContain("battery 14%");
    await expect(beach.textContent()).resolves.toContain("1 open alert");
    await shot(host, "overview");
  });

  it("adds a property", async () => {
    // The form stays folded away until the host opens it.
    await expect(host.getByLabel("Name", { exact: true }).isVisible()).resolves.toBe(false);
    await host.getByText("Add a property", { exact: true }).click();
    await host.getByLabel("Name", { exact: true }).fill("Harbour loft");
    await host.getByLabel("Timezone").fill("America/New_York");
    await host.getByRole("button", { name: "Add property" }).click();
    await host.getByRole("heading", { name: "Harbour loft", level: 1 }).waitFor();
    await expect(host.getByRole("status").textContent()).resolves.toContain("Added Harbour loft");
    propertyId = svc.db.select().from(properties).where(eq(properties.name, "Harbour loft")).get()!.id;
    expect(new URL(host.url()).pathname).toBe(`/dashboard/properties/${propertyId}`);
  });

  it("connects a calendar served on loopback, runs its first sync and shows the stay", async () => {
    await host.getByLabel("Calendar (iCal) URL").fill(feedServer.url("/cal/listing.ics?s=secret-token-123"));
    await host.getByRole("button", { name: "Connect calendar" }).click();
    const flash = await host.getByRole("status").textContent();
    expect(flash).toContain("First sync: read 1 event, 1 new");
    const feed = svc.db.select().from(feeds).where(eq(feeds.propertyId, propertyId)).get()!;
    expect(feed.status).toBe("ok");
    expect(feedServer.requests("/cal/listing.ics")).toHaveLength(1);
    const page = await host.content();
    expect(page).not.toContain("secret-token-123");
    const stay = svc.db.select().from(stays).where(eq(stays.propertyId, propertyId)).get()!;
    expect(stay.checkInDate).toBe("2026-11-25");
    const timeline = host.getByRole("list", { name: "Upcoming stays and turnovers" });
    await expect(timeline.textContent()).resolves.toContain("Wed, Nov 25, 4:00 PM");
    // The account's properties are in two zones: each time names its own.
    await expect(timeline.textContent()).resolves.toContain("EST");
    await shot(host, "property");
  });

  // The synced stay's code becoming active on the simulated lock, and its guest message, run on the full runtime in
  // pipeline.test.ts (these deps have no job runner).

  it("previews a changed template with sample guest details without saving it, then saves it", async () => {
    await host.getByRole("navigation", { name: "Harbour loft pages" }).getByRole("link", { name: "Settings" }).click();
    await host.getByRole("form", { name: "Settings" }).waitFor();
    const box = host.getByLabel("Guest code message");
    await box.fill("Hello {{guest_name}}! Your code for {{property_name}} is {{code}}.");
    await host.getByRole("button", { name: "Preview guest code message" }).click();
    const preview = host.getByTestId("template-preview");
    // Sample data only: the preview never shows a real guest or a real PIN.
    await expect(preview.textContent()).resolves.toBe("Hello Alex! Your code for Harbour loft is 482193.");
    expect(svc.db.select().from(properties).where(eq(properties.id, propertyId)).get()!.templates).toEqual({});
    await host.getByRole("button", { name: "Save settings" }).click();
    await expect(host.getByRole("status").textContent()).resolves.toContain("Settings saved");
    expect(svc.db.select().from(properties).where(eq(properties.id, propertyId)).get()!.templates).toEqual({ guest_code: "Hello {{guest_name}}! Your code for {{property_name}} is {{code}}." });
  });

  it("shows a stay's guest, codes and audit trail", async () => {
    await host.goto(`${base}/dashboard/properties`);
    await host.getByRole("link", { name: "Beach flat" }).click();
    await host.getByRole("link", { name: "Guest One" }).click();
    await host.getByRole("heading", { name: "Guest One", level: 1 }).waitFor();
    await expect(host.getByRole("region", { name: "Guest" }).textContent()).resolves.toContain("+351912345678");
    expect(await host.content()).not.toContain("650318");
    await host.getByRole("button", { name: "Show PIN" }).first().click();
    await expect(host.locator(".pin").first().textContent()).resolves.toBe("650318");
    await shot(host, "stay");
  });

  it("acknowledges an alert", async () => {
    await host.getByRole("link", { name: "Alerts" }).click();
    await host.getByRole("button", { name: "Acknowledge: Beach door battery low" }).click();
    await expect(host.getByRole("status").textContent()).resolves.toContain("Acknowledged: Beach door battery low");
    expect(await host.getByRole("button", { name: /Acknowledge/ }).count()).toBe(0);
    const row = svc.db.select().from(alerts).where(eq(alerts.id, alertId)).get()!;
    expect(row.acknowledgedAt).not.toBeNull();
    expect(row.status).toBe("open");
    await shot(host, "alerts");
    await host.getByRole("link", { name: "Outbox" }).click();
    await host.getByRole("heading", { name: "Outbox" }).waitFor();
    await shot(host, "outbox");
  });

  it("signs a cleaner in on a phone-sized screen and shows only that cleaner's turnovers", async () => {
    const phone = await (await browser.newContext({ viewport: { width: 375, height: 740 } })).newPage();
    await phone.goto(`${base}/login`);
    await phone.getByLabel("Email").fill("ana@example.com");
    await phone.getByLabel("Password").fill("ana-password-1");
    await phone.getByRole("button", { name: "Sign in", exact: true }).click();
    await phone.getByRole("heading", { name: "My turnovers" }).waitFor();
    const items = phone.getByTestId("turnover");
    expect(await items.count()).toBe(1);
    const text = await items.first().textContent();
    expect(text).toContain("Beach flat");
    expect(text).toContain("482913");
    const page = await phone.content();
    for (const hidden of ["Hill house", "771204", "650318", "Guest One"]) expect(page).not.toContain(hidden);
    // Nothing overflows sideways at 375 px.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await phone.getByRole("button", { name: "Get my calendar link" }).click();
    const link = await phone.getByLabel("Your calendar link").inputValue();
    expect(link).toMatch(new RegExp(`^${base}/ical/cleaner/ical_\\w+\\.ics$`));
    await shot(phone, "cleaner");
    await phone.context().close();
  });
});
