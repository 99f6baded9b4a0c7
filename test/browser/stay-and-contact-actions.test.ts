import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, localDateOf } from "../../src/domain/calendar/local-time";
import type { SimulatedLockProvider } from "../../src/providers/locks/simulated";
import { startHttpServer, type RunningServer } from "../../src/server";
import { testServiceDeps } from "../support/service-deps";
import { testWorld } from "../support/world";
import { axeViolations, VIEWPORTS } from "./axe";
import { launchChromium, signIn } from "./chromium";

/**
 * The host's actions without the API, in Chromium at a laptop's and a phone's width: adding a stay by hand, programming
 * it now, a new PIN and cancelling it (each through its confirmation page), and the Contacts page with a cleaner added,
 * edited and assigned from the property. Every page on the way: no axe-core violation, nothing wider than the screen.
 */
describe("stay and contact actions in Chromium", () => {
  const svc = testServiceDeps();
  const world = testWorld(svc);
  let server: RunningServer;
  let browser: Browser;
  let base: string;
  let propertyId = "";

  beforeAll(async () => {
    const owner = await world.account({ email: "actions@example.com", password: "actions-password-1" });
    const property = world.property(owner.accountId, { name: "Hill house", timezone: "Europe/Lisbon" });
    propertyId = property.id;
    const lock = world.lock(property.id, { name: "Hill door" });
    (svc.lockProvider(lock) as SimulatedLockProvider).addDevice({ deviceId: lock.providerDeviceId });
    server = await startHttpServer(svc, { port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${server.port}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function audited(page: Page, name: string, width: number) {
    expect({ page: name, violations: await axeViolations(page) }).toEqual({ page: name, violations: [] });
    expect({ page: name, width: await page.evaluate(() => document.documentElement.scrollWidth) }).toEqual({ page: name, width });
  }

  for (const vp of VIEWPORTS) {
    it(`adds a stay, programs it, gives a new PIN and cancels it at ${vp.width} px`, async () => {
      const page = await signIn(browser, base, { email: "actions@example.com", password: "actions-password-1" }, { width: vp.width, height: vp.height });
      const guest = `Guest ${vp.name}`;
      await page.goto(`${base}/dashboard/properties/${propertyId}`);
      await page.getByText("Add a stay by hand", { exact: true }).click();
      const checkIn = addDays(localDateOf(svc.clock.now(), "Europe/Lisbon"), vp.width === 1280 ? 8 : 12);
      await page.getByLabel(/^Check-in date/).fill(checkIn);
      await page.getByLabel(/^Checkout date/).fill(addDays(checkIn, 2));
      await page.getByLabel("Guest name").fill(guest);
      await page.getByLabel("Guest email (optional)").fill("guest@example.com");
      await audited(page, "property with the stay form open", vp.width);
      await page.getByRole("button", { name: "Add stay" }).click();
      await page.getByRole("heading", { name: guest, level: 1 }).waitFor();
      await expect(page.getByRole("status").textContent()).resolves.toContain("Stay added.");
      await audited(page, "new stay", vp.width);

      await page.getByRole("button", { name: "Program now" }).click();
      await expect(page.getByRole("status").textContent()).resolves.toContain("Programming now");

      await page.getByRole("link", { name: "Give the guest a new PIN…" }).click();
      await page.getByRole("heading", { name: "Give the guest a new PIN?", level: 1 }).waitFor();
      await audited(page, "new PIN confirmation", vp.width);
      await page.getByRole("button", { name: "Yes, replace the PIN" }).click();
      await expect(page.getByRole("status").textContent()).resolves.toContain("New PIN planned.");

      await page.getByRole("link", { name: "Cancel this stay…" }).click();
      await page.getByRole("heading", { name: "Cancel this stay?", level: 1 }).waitFor();
      await audited(page, "cancel confirmation", vp.width);
      await page.getByRole("button", { name: "Yes, cancel the stay" }).click();
      await expect(page.getByRole("status").textContent()).resolves.toContain("Stay cancelled.");
      await audited(page, "cancelled stay", vp.width);
      await page.context().close();
    }, 120_000);

    it(`adds, edits and assigns a cleaner from Contacts and the property at ${vp.width} px`, async () => {
      const page = await signIn(browser, base, { email: "actions@example.com", password: "actions-password-1" }, { width: vp.width, height: vp.height });
      const name = `Cleaner ${vp.name}`;
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Contacts" }).click();
      await page.getByRole("heading", { name: "Contacts", level: 1 }).waitFor();
      await page.getByText("Add a cleaner", { exact: true }).click();
      await page.getByLabel("Name", { exact: true }).fill(name);
      await page.getByLabel("Mobile phone", { exact: true }).fill(vp.width === 1280 ? "+14155550161" : "+14155550162");
      await audited(page, "contacts with the add form open", vp.width);
      await page.getByRole("button", { name: "Add cleaner" }).click();
      await expect(page.getByRole("status").textContent()).resolves.toContain(`Added ${name}.`);
      await page.getByRole("link", { name }).click();
      await page.getByRole("heading", { name, level: 1 }).waitFor();
      await audited(page, "contact", vp.width);
      await page.getByLabel("Email", { exact: true }).fill(`${vp.name}@example.com`);
      await page.getByRole("button", { name: "Save" }).click();
      await expect(page.getByRole("status").textContent()).resolves.toContain("Saved.");

      await page.goto(`${base}/dashboard/properties/${propertyId}`);
      await page.getByText("Choose cleaners", { exact: true }).click();
      await page.getByRole("checkbox", { name }).check();
      await audited(page, "property with the cleaners form open", vp.width);
      await page.getByRole("button", { name: "Save cleaners" }).click();
      await expect(page.getByRole("status").textContent()).resolves.toContain("Cleaners saved.");
      await expect(page.getByRole("region", { name: "Cleaners" }).getByRole("link", { name }).count()).resolves.toBe(1);
      await page.goto(`${base}/dashboard/contacts?q=${encodeURIComponent(`${vp.name}@example`)}`);
      await expect(page.getByText("Cleans Hill house").count()).resolves.toBe(1);
      await page.context().close();
    }, 120_000);
  }
});
