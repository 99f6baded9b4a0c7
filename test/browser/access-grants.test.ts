import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHttpServer, type RunningServer } from "../../src/server";
import { createGrant } from "../../src/services/grants/grants";
import { testServiceDeps } from "../support/service-deps";
import { seeder } from "../web/seed";
import { axeViolations, VIEWPORTS } from "./axe";
import { launchChromium, signIn } from "./chromium";

/** The Access page in a real browser: accessible at both widths, and the form gives access without any script. */
describe("the Access page in Chromium", () => {
  const svc = testServiceDeps({ now: "2027-03-10T09:00:00Z" });
  const seed = seeder(svc);
  let server: RunningServer;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    const owner = await seed.account("access@example.com", "access-password-1");
    const flat = seed.property(owner.accountId, "Loft 3B", "Europe/Berlin");
    seed.lock(owner.accountId, flat, "Front door");
    seed.lock(owner.accountId, flat, "Building entrance");
    await createGrant(svc, owner.accountId, { propertyId: flat, name: "Pool service", email: "pool@example.com", schedule: { kind: "recurring", weekdays: [2], startTime: "08:00", endTime: "12:00" } }, "test");
    await createGrant(svc, owner.accountId, { propertyId: flat, name: "Courier", phone: "+491701111111", schedule: { kind: "limited_uses", uses: 1, from: "2027-03-10T12:00", to: "2027-03-10T18:00" } }, "test");
    server = await startHttpServer(svc, { port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${server.port}`;
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const signedIn = (width: number, height: number): Promise<Page> => signIn(browser, base, { email: "access@example.com", password: "access-password-1" }, { width, height });

  for (const vp of VIEWPORTS) {
    it(`has no axe-core violation at ${vp.width} px and nothing wider than the screen`, async () => {
      const page = await signedIn(vp.width, vp.height);
      await page.goto(`${base}/dashboard/access`);
      await page.getByRole("heading", { name: "Access for everyone else", level: 1 }).waitFor();
      expect(await page.getByTestId("grant").count()).toBe(2);
      expect(await axeViolations(page)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(vp.width);
      await expect(page.getByRole("navigation", { name: "Main" }).locator("[aria-current=page]").textContent()).resolves.toBe("Access");
      await page.context().close();
    }, 90_000);
  }

  it("gives a plumber a morning on both doors as a plain form post, and shows the PIN once", async () => {
    const page = await signedIn(1280, 900);
    await page.goto(`${base}/dashboard/access`);
    await page.getByLabel("Name").fill("Piotr");
    await page.getByLabel("Mobile (E.164, e.g. +14155550123)").fill("+491701234567");
    await page.getByLabel("A time window (a contractor, a visitor)").check();
    await page.getByLabel("From").fill("2027-03-11T08:00");
    await page.getByLabel("To", { exact: true }).fill("2027-03-11T12:00");
    await page.getByRole("button", { name: "Give access" }).click();
    await page.waitForLoadState();
    const errors = await page.locator(".error-text, .flash").allTextContents();
    expect(errors).toEqual([]);
    await page.getByRole("heading", { name: "Access given to Piotr" }).waitFor();
    expect(await page.locator("#created-h + p strong").textContent()).toMatch(/^\d{6}$/);
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  }, 90_000);
});
