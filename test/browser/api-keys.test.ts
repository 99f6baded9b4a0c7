import { mkdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { userProperties } from "../../src/db/schema";
import { createApiKey } from "../../src/services/accounts/api-keys";
import { startHttpServer, type RunningServer } from "../../src/server";
import { testServiceDeps } from "../support/service-deps";
import { testWorld } from "../support/world";
import { axeViolations, VIEWPORTS } from "./axe";
import { launchChromium, shot, signIn, SHOTS } from "./chromium";

describe("API keys page in Chromium", () => {
  const svc = testServiceDeps();
  let server: RunningServer;
  let browser: Browser;
  let base: string;
  let accountId: string;
  const owner = { email: "host@example.com", password: "host-password-1" };
  const manager = { email: "mia@example.com", password: "mia-password-12" };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const world = testWorld(svc);
    accountId = (await world.account(owner)).accountId;
    const a = world.property(accountId, { name: "Beach flat" });
    const mia = await world.user(accountId, { ...manager, role: "manager" });
    // A manager limited to one property still has their own keys.
    svc.db.insert(userProperties).values({ userId: mia.id, propertyId: a.id }).run();
    createApiKey(svc.db, svc.clock, { accountId, userId: mia.id, name: "Mia's script", role: "manager" });
    server = await startHttpServer(svc, { port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${server.port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const api = (key: string) => fetch(`${base}/api/v1/properties`, { headers: { authorization: `Bearer ${key}` } });

  it("creates a key shown once, lists it by prefix and role, and revokes it; no axe violation at laptop or phone width", async () => {
    const page = await signIn(browser, base, owner);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API keys" }).click();
    await page.getByRole("heading", { name: "API keys", level: 1 }).waitFor();
    await page.getByLabel("Name").fill("PMS sync");
    await page.getByLabel(/Read-only/).check();
    await page.getByRole("button", { name: "Create key" }).click();
    const key = await page.getByRole("textbox", { name: "API key" }).inputValue();
    expect(key).toMatch(/^sk_/);
    expect((await api(key)).status).toBe(200);

    const row = page.getByTestId("api-key").filter({ hasText: "PMS sync" });
    expect(await row.textContent()).toContain(`${key.slice(0, 10)}…`);
    expect(await row.textContent()).toContain("Read-only");
    // The owner sees every key of the account, the manager's too.
    await page.getByTestId("api-key").filter({ hasText: "Mia's script" }).waitFor();

    for (const vp of VIEWPORTS) {
      await page.setViewportSize({ width: vp.width, height: vp.height });
      expect([vp.name, await axeViolations(page)]).toEqual([vp.name, []]);
      expect([vp.name, await page.evaluate(() => document.documentElement.scrollWidth)]).toEqual([vp.name, vp.width]);
      await expect(page.getByRole("navigation", { name: "Main" }).locator("[aria-current=page]").textContent()).resolves.toBe("API keys");
      await shot(page, `api-keys-${vp.name}`);
    }

    // Shown once: the list page never shows it again.
    await page.goto(`${base}/dashboard/api-keys`);
    expect(await page.content()).not.toContain(key);
    await page.getByRole("button", { name: "Revoke PMS sync" }).click();
    await page.getByText("Key revoked").waitFor();
    expect(await page.getByTestId("api-key").filter({ hasText: "PMS sync" }).textContent()).toContain("Revoked");
    expect((await api(key)).status).toBe(401);
    await page.context().close();
  }, 120_000);

  it("shows a manager only their own keys and no owner role to give", async () => {
    const page = await signIn(browser, base, manager, { width: 390, height: 844 });
    await page.goto(`${base}/dashboard/api-keys`);
    await page.getByRole("heading", { name: "API keys", level: 1 }).waitFor();
    const names = await page.getByTestId("api-key").allTextContents();
    expect(names.map((n) => n.includes("Mia's script"))).toEqual([true]);
    expect(await page.getByLabel(/^Owner/).count()).toBe(0);
    await page.getByLabel("Name").fill("Mia's second");
    await page.getByRole("button", { name: "Create key" }).click();
    const key = await page.getByRole("textbox", { name: "API key" }).inputValue();
    expect((await api(key)).status).toBe(200);
    expect(await page.getByTestId("api-key").count()).toBe(2);
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  }, 120_000);
});
