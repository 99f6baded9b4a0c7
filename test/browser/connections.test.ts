import { mkdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSimulatedLockStore } from "../../src/providers/locks";
import { createLockProviderResolver } from "../../src/runtime/lock-providers";
import { startHttpServer, type RunningServer } from "../../src/server";
import { startSeamFake, type SeamFake } from "../peers/seam-fake";
import { testServiceDeps } from "../support/service-deps";
import { testWorld } from "../support/world";
import { axeViolations, VIEWPORTS } from "./axe";
import { launchChromium, SHOTS, shot, signIn } from "./chromium";

describe("connecting real locks in Chromium", () => {
  let fake: SeamFake;
  let server: RunningServer;
  let browser: Browser;
  let base: string;
  const who = { email: "host@example.com", password: "host-password-1" };
  let svc: ReturnType<typeof testServiceDeps>;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    fake = await startSeamFake();
    svc = testServiceDeps({ env: { SEAM_API_URL: fake.baseUrl } });
    svc.lockProvider = createLockProviderResolver(svc, createSimulatedLockStore());
    const world = testWorld(svc);
    const owner = await world.account(who);
    world.property(owner.accountId, { name: "Beach flat" });
    world.property(owner.accountId, { name: "Cabin" });
    server = await startHttpServer(svc, { port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${server.port}`;
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await fake?.stop();
  });

  it("adds a Seam connection by its API key, lists the workspace's locks and adds two of them to two properties", async () => {
    const page = await signIn(browser, base, who);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Connections" }).click();
    await page.getByRole("heading", { name: "Connections", level: 1 }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByText("Add a Seam connection").click();
    await page.getByLabel("Seam connection name").fill("Seam workspace");
    await page.getByLabel("Seam API key").fill(fake.apiKey);
    await page.getByRole("button", { name: "Save and list its locks" }).first().click();
    await page.getByRole("heading", { name: "Seam workspace", level: 1 }).waitFor();
    expect(await page.content()).not.toContain(fake.apiKey);
    await expect.poll(() => page.getByText(`API key ending ${fake.apiKey.slice(-4)}`).count()).toBe(1);
    await page.getByText(/Working\. Last successful call/).waitFor();

    const front = page.getByTestId("device").filter({ hasText: fake.devices.frontDoor });
    const back = page.getByTestId("device").filter({ hasText: fake.devices.backDoor });
    expect(await page.getByTestId("device").filter({ hasText: fake.devices.thermostat }).count()).toBe(0);
    await front.getByRole("checkbox").check();
    await front.getByRole("combobox").selectOption({ label: "Beach flat" });
    await front.getByRole("textbox").fill("Beach front door");
    await back.getByRole("checkbox").check();
    await back.getByRole("combobox").selectOption({ label: "Cabin" });
    for (const v of VIEWPORTS) {
      await page.setViewportSize(v);
      expect(await axeViolations(page), v.name).toEqual([]);
    }
    await page.setViewportSize(VIEWPORTS[0]);
    await page.getByRole("button", { name: "Add the ticked locks" }).click();
    await page.getByText(/^Added Beach front door, /).waitFor();
    const added = page.getByTestId("connection-lock");
    await expect.poll(() => added.count()).toBe(2);
    expect(await added.allTextContents()).toEqual([expect.stringContaining("Beach front door at Beach flat"), expect.stringContaining("at Cabin")]);
    expect(await front.getByText("Added").count()).toBe(1);
    for (const v of VIEWPORTS) {
      await page.setViewportSize(v);
      expect(await axeViolations(page), v.name).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), v.name).toBe(v.width);
      await shot(page, `connection-${v.name}`);
    }

    // The locks are the account's, made by the lock service: the property page shows them, and its add-lock form offers the connection.
    await page.setViewportSize(VIEWPORTS[0]);
    await page.getByRole("link", { name: "Beach front door" }).click();
    await page.getByRole("heading", { name: "Beach flat", level: 1 }).waitFor();
    expect(await page.getByText("Beach front door").count()).toBeGreaterThan(0);
    expect(await page.locator('select[name="connectionId"] option', { hasText: "Seam workspace" }).count()).toBe(1);
  }, 120_000);

  it("replaces a refused key from the connection page and shows the check in words", async () => {
    const page = await signIn(browser, base, who);
    await page.goto(`${base}/dashboard/connections`);
    await page.getByText("Add a Seam connection").click();
    await page.getByLabel("Seam connection name").fill("Old workspace");
    await page.getByLabel("Seam API key").fill("seam_revoked_key_0000");
    await page.getByRole("button", { name: "Save and list its locks" }).first().click();
    await page.getByRole("heading", { name: "Old workspace", level: 1 }).waitFor();
    await page.getByText(/Could not list the locks/).waitFor();
    await page.getByText(/^Not answering: No successful call yet/).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByText("Replace the API key").click();
    await page.getByLabel("Seam API key (new)").fill(fake.apiKey);
    await page.getByRole("button", { name: "Replace and check" }).click();
    await page.getByText("Replaced: the old credential is no longer used, and the new one works.").waitFor();
    await page.getByText(`API key ending ${fake.apiKey.slice(-4)}`).first().waitFor();
    expect(await page.getByTestId("device").count()).toBeGreaterThan(0);
  }, 120_000);
});
