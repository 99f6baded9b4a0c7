import { mkdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHttpServer, type RunningServer } from "../../src/server";
import { testServiceDeps } from "../support/service-deps";
import { testWorld } from "../support/world";
import { axeViolations } from "./axe";
import { launchChromium, SHOTS } from "./chromium";

describe("team in Chromium", () => {
  const svc = testServiceDeps();
  let server: RunningServer;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const world = testWorld(svc);
    const owner = await world.account({ email: "host@example.com", password: "host-password-1" });
    world.property(owner.accountId, { name: "Beach flat" });
    server = await startHttpServer(svc, { port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${server.port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("invites a cleaner, who accepts the link, signs in and sees only the cleaner portal", async () => {
    const host = await (await browser.newContext()).newPage();
    await host.goto(`${base}/login`);
    await host.getByLabel("Email").fill("host@example.com");
    await host.getByLabel("Password").fill("host-password-1");
    await host.getByRole("button", { name: "Sign in", exact: true }).click();
    await host.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Team" }).click();
    await host.getByRole("heading", { name: "Team", level: 1 }).waitFor();
    expect(await axeViolations(host)).toEqual([]);
    await host.getByLabel(/Cleaner: only their turnovers/).check();
    await host.getByLabel("Name").fill("Ana");
    await host.getByLabel("Email (or give a phone number)").fill("ana@example.com");
    await host.getByLabel("Beach flat").check();
    await host.getByRole("button", { name: "Send invitation" }).click();
    const link = await host.getByRole("textbox", { name: "Invitation link" }).inputValue();
    expect(link).toContain("/invite/");

    const cleaner = await (await browser.newContext()).newPage();
    await cleaner.goto(link);
    await cleaner.getByRole("heading", { name: /Join/ }).waitFor();
    expect(await axeViolations(cleaner)).toEqual([]);
    await cleaner.getByLabel(/Password/).fill("ana-password-123");
    await cleaner.getByRole("button", { name: "Set password and join" }).click();
    await cleaner.getByRole("heading", { name: "My turnovers", level: 1 }).waitFor();
    expect(new URL(cleaner.url()).pathname).toBe("/cleaner");
    const nav = await cleaner.getByRole("navigation", { name: "Main" }).textContent();
    expect(nav).not.toContain("Properties");
    await cleaner.goto(`${base}/dashboard`);
    expect(new URL(cleaner.url()).pathname).toBe("/cleaner");
    await cleaner.goto(`${base}/dashboard/team`);
    expect(new URL(cleaner.url()).pathname).toBe("/cleaner");
    await cleaner.goto(`${base}/account/security`);
    await cleaner.getByRole("heading", { name: "Security", level: 1 }).waitFor();
    expect(await axeViolations(cleaner)).toEqual([]);
  });
});
