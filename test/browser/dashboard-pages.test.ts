import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { accessCodes, batteryReadings } from "../../src/db/schema";
import { startHttpServer, type RunningServer } from "../../src/server";
import { recordDoorEvent } from "../../src/services/door/record-door-event";
import { createWebhookEndpoint, publishWebhookEvent } from "../../src/services/webhooks";
import { testServiceDeps } from "../support/service-deps";
import { seeder } from "../web/seed";
import { monthOf, shiftMonth } from "../../src/domain/month";
import { axeViolations, VIEWPORTS } from "./axe";
import { launchChromium, SHOTS, shot, signIn } from "./chromium";

/**
 * Every dashboard page at a laptop's and a phone's width: axe-core finds nothing, nothing scrolls sideways, and the top
 * bar marks the page's section as the current one.
 */
describe("dashboard pages at 1280 px and 390 px", () => {
  const svc = testServiceDeps();
  const seed = seeder(svc);
  let server: RunningServer;
  let browser: Browser;
  let base: string;
  const pages: { name: string; path: string; section: string; heading: string }[] = [];
  /** The month Guest One arrives in, at the property (the run's clock may put it in the next month). */
  let arrivalMonth = "";

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const now = svc.clock.now().getTime();
    const at = (hours: number) => new Date(now + hours * 3600_000).toISOString();
    const owner = await seed.account("pages@example.com", "pages-password-1");
    const beach = seed.property(owner.accountId, "Beach flat");
    const lock = seed.lock(owner.accountId, beach, "Beach door", { batteryLevel: 14 });
    // Its battery chart on the property's page: it fell below the low mark yesterday.
    for (const [hoursAgo, level] of [[72, 40], [24, 14]] as const) {
      svc.db.insert(batteryReadings).values({ id: `batt_pages_${hoursAgo}`, accountId: owner.accountId, lockId: lock, level, readAt: new Date(now - hoursAgo * 3600_000) }).run();
    }
    await seed.cleaner(owner.accountId, "ana@example.com", "ana-password-1", "Ana", [beach]);
    const stay = seed.stay(owner.accountId, beach, { checkIn: at(20), checkOut: at(68), guestName: "Guest One", guestPhone: "+351912345678" });
    arrivalMonth = monthOf(new Date(at(20)), "Europe/Lisbon");
    // The calendars: a block and a second property, so the all-properties month has two rows and every kind of bar.
    seed.stay(owner.accountId, beach, { checkIn: at(24 * 5), checkOut: at(24 * 8), kind: "block", summary: "Not available" });
    const loft = seed.property(owner.accountId, "Tokyo loft", "Asia/Tokyo");
    seed.stay(owner.accountId, loft, { checkIn: at(10), checkOut: at(24 * 40), guestName: "Long Stayer" });
    const code = seed.code({ accountId: owner.accountId, propertyId: beach, lockId: lock, pin: "650318", state: "active", from: at(20), to: at(68), stayId: stay });
    // The stay page's door activity table: the guest's code tried early (an event the log keeps, not an arrival).
    svc.db.update(accessCodes).set({ providerCodeId: "sim-pages-1" }).where(eq(accessCodes.id, code)).run();
    await recordDoorEvent(svc, { provider: "simulated", providerEventId: "pages-1", lockId: lock, kind: "unlocked", method: "keypad", providerCodeId: "sim-pages-1", occurredAt: new Date(now) });
    seed.message({ accountId: owner.accountId, stayId: stay, body: "Welcome! Your door code is 650318.", maskedBody: "Welcome! Your door code is ••••••.", status: "delivered" });
    seed.alert(owner.accountId, lock, "Beach door battery low");
    pages.push(
      { name: "today", path: "/dashboard", section: "Today", heading: "Today" },
      { name: "properties", path: "/dashboard/properties", section: "Properties", heading: "Properties" },
      { name: "property", path: `/dashboard/properties/${beach}`, section: "Properties", heading: "Beach flat" },
      { name: "property-settings", path: `/dashboard/properties/${beach}/settings`, section: "Properties", heading: "Beach flat" },
      { name: "property-calendar", path: `/dashboard/properties/${beach}/calendar`, section: "Properties", heading: "Beach flat" },
      { name: "calendar", path: "/dashboard/calendar", section: "Calendar", heading: "Calendar" },
      { name: "calendar-next-month", path: `/dashboard/calendar?month=${shiftMonth(monthOf(svc.clock.now(), "UTC"), 1)}`, section: "Calendar", heading: "Calendar" },
      { name: "stay", path: `/dashboard/stays/${stay}`, section: "Properties", heading: "Guest One" },
      { name: "alerts", path: "/dashboard/alerts", section: "Alerts", heading: "Alerts" },
      { name: "outbox", path: "/dashboard/outbox", section: "Outbox", heading: "Outbox" },
      // The access log, with the guest's early keypad use above, and narrowed to one stay (its filter note and link).
      { name: "activity", path: "/dashboard/activity", section: "Activity", heading: "Door activity" },
      { name: "activity-stay", path: `/dashboard/activity?stay=${stay}&kind=unlocked`, section: "Activity", heading: "Door activity" },
      { name: "account", path: "/dashboard/account", section: "Account", heading: "Account" },
      { name: "connections", path: "/dashboard/connections", section: "Connections", heading: "Connections" },
    );
    // An endpoint with one pending delivery (no job runs here, so nothing is sent).
    svc.config.STAYKEY_WEBHOOK_ALLOW_HOSTS = "127.0.0.1";
    const hook = "http://127.0.0.1:9/staykey-hooks/receive?token=a-long-integration-token";
    const endpoint = await createWebhookEndpoint(svc, { accountId: owner.accountId, userId: null }, { url: hook, description: "PMS", eventTypes: ["stay.created", "lock.unlocked"] });
    await publishWebhookEvent(svc, { accountId: owner.accountId, type: "stay.created", key: `${stay}:v1`, data: { id: stay } });
    pages.push(
      { name: "webhooks", path: "/dashboard/webhooks", section: "Webhooks", heading: "Webhooks" },
      { name: "webhook-endpoint", path: `/dashboard/webhooks/${endpoint.row.id}`, section: "Webhooks", heading: "http://127.0.0.1:9/…" },
    );
    server = await startHttpServer(svc, { port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${server.port}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const signedIn = (width: number, height: number): Promise<Page> => signIn(browser, base, { email: "pages@example.com", password: "pages-password-1" }, { width, height });

  for (const vp of VIEWPORTS) {
    it(`every page at ${vp.width} px: no axe-core violation, nothing wider than the screen, its section marked current`, async () => {
      const page = await signedIn(vp.width, vp.height);
      for (const p of pages) {
        await page.goto(`${base}${p.path}`);
        await page.getByRole("heading", { name: p.heading, level: 1 }).waitFor();
        expect({ page: p.name, violations: await axeViolations(page) }).toEqual({ page: p.name, violations: [] });
        expect({ page: p.name, width: await page.evaluate(() => document.documentElement.scrollWidth) }).toEqual({ page: p.name, width: vp.width });
        const current = page.getByRole("navigation", { name: "Main" }).locator("[aria-current=page]");
        await expect(current.textContent()).resolves.toBe(p.section);
        await shot(page, `${vp.name}-${p.name}`);
      }
      await page.context().close();
      // Ten pages, each rendered, audited and photographed: on a loaded machine this takes well over the default 30 s.
    }, 180_000);
  }

  it("opens a stay from its bar on the calendars, at a phone's width too", async () => {
    for (const vp of VIEWPORTS) {
      const page = await signedIn(vp.width, vp.height);
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Calendar" }).click();
      await page.getByRole("heading", { name: "Calendar", level: 1 }).waitFor();
      if (new URL(page.url()).search === "" && monthOf(svc.clock.now(), "UTC") !== arrivalMonth) {
        await page.getByRole("navigation", { name: "Months" }).locator("a[rel=next]").click();
        await page.waitForURL(/month=/);
      }
      const month = page.getByRole("region", { name: /every property/ });
      // A bar is a link named by its guest, what it is and when, in the property's zone.
      const bar = month.getByRole("link", { name: /^Guest One \(stay\): / });
      await bar.scrollIntoViewIfNeeded();
      await bar.click();
      await page.getByRole("heading", { name: "Guest One", level: 1 }).waitFor();
      expect(new URL(page.url()).pathname).toMatch(/^\/dashboard\/stays\/stay_/);
      // From the property's own calendar tab, the guest's code window opens the same stay.
      await page.goBack();
      await month.getByRole("link", { name: "Beach flat" }).click();
      await page.getByRole("navigation", { name: "Beach flat pages" }).locator("[aria-current=page]").filter({ hasText: "Calendar" }).waitFor();
      await page.getByRole("link", { name: /^Guest One \(guest code, confirmed\): / }).click();
      await page.getByRole("heading", { name: "Guest One", level: 1 }).waitFor();
      await page.context().close();
    }
  }, 120_000);

  it("keeps a property's settings on their own page and its add forms folded until opened", async () => {
    const page = await signedIn(1280, 900);
    await page.getByRole("link", { name: "Beach flat" }).first().click();
    await page.getByRole("heading", { name: "Beach flat", level: 1 }).waitFor();
    // The day-to-day page carries no settings form; its add-a-lock form is folded away until asked for.
    expect(await page.getByRole("form", { name: "Settings" }).count()).toBe(0);
    await expect(page.getByLabel("Lock name").isVisible()).resolves.toBe(false);
    await page.getByText("Add a lock", { exact: true }).click();
    await expect(page.getByLabel("Lock name").isVisible()).resolves.toBe(true);
    // A lock's actions sit folded under it: renaming it works from the page, with no script.
    await page.getByText("Manage Beach door", { exact: true }).click();
    await page.getByLabel("Name", { exact: true }).fill("Beach front door");
    await page.getByRole("button", { name: "Rename Beach door" }).click();
    await expect(page.getByRole("status").textContent()).resolves.toContain("Renamed to Beach front door.");
    expect({ violations: await axeViolations(page) }).toEqual({ violations: [] });
    const tabs = page.getByRole("navigation", { name: "Beach flat pages" });
    await expect(tabs.locator("[aria-current=page]").textContent()).resolves.toBe("Overview");
    await tabs.getByRole("link", { name: "Settings" }).click();
    await page.getByRole("form", { name: "Settings" }).waitFor();
    await expect(tabs.locator("[aria-current=page]").textContent()).resolves.toBe("Settings");
    // The timezone box searches every IANA zone as the host types (a datalist, no script).
    const zone = page.getByLabel("Timezone");
    await expect(zone.getAttribute("list")).resolves.toBe("iana-zones");
    expect(await page.locator("#iana-zones option[value='America/New_York']").count()).toBe(1);
    await zone.fill("America/New_York");
    await page.getByLabel("Check-in time").fill("15:00");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect(page.getByRole("status").textContent()).resolves.toContain("Settings saved");
    expect(new URL(page.url()).pathname).toMatch(/\/settings$/);
    await expect(page.getByLabel("Check-in time").inputValue()).resolves.toBe("15:00");
    await expect(page.getByLabel("Timezone").inputValue()).resolves.toBe("America/New_York");
    await page.context().close();
  });
});
