import { mkdirSync } from "node:fs";
import { eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accounts, auditEvents, passkeys, sessions } from "../../src/db/schema";
import { PASSKEY_CHALLENGE_TTL_MS } from "../../src/services/security/passkeys";
import { startHttpServer, type RunningServer } from "../../src/server";
import { testServiceDeps } from "../support/service-deps";
import { testWorld } from "../support/world";
import { axeViolations } from "./axe";
import { launchChromium, SHOTS } from "./chromium";

/**
 * Passkeys in real Chromium with the DevTools virtual authenticator (a CTAP2 platform authenticator that keeps
 * discoverable credentials and verifies the user). WebAuthn needs a secure context and a domain as RP ID, so the
 * browser uses http://localhost (secure by definition), never 127.0.0.1.
 */
describe("passkeys in Chromium", () => {
  const svc = testServiceDeps();
  let server: RunningServer;
  let browser: Browser;
  let base: string;
  let accountId: string;
  const who = { email: "host@example.com", password: "host-password-1" };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const world = testWorld(svc);
    accountId = (await world.account(who)).accountId;
    server = await startHttpServer(svc, { port: 0, host: "127.0.0.1" });
    base = `http://localhost:${server.port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const actions = () => svc.db.select().from(auditEvents).where(eq(auditEvents.accountId, accountId)).all().map((e) => `${e.action}${e.outcome === "error" ? ":error" : ""}`);
  const signOut = async (page: Page) => {
    await page.getByRole("navigation", { name: "Main" }).locator("xpath=..").getByRole("button", { name: "Sign out", exact: true }).click();
    await page.waitForURL((u) => u.pathname === "/login");
  };
  const passwordStep = async (page: Page) => {
    await page.getByLabel("Email").fill(who.email);
    await page.getByLabel("Password").fill(who.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
  };

  it("registers a passkey, uses it as the second factor and to sign in without a password, then removes it", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("WebAuthn.enable");
    const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
      options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
    });

    await page.goto(`${base}/login`);
    await passwordStep(page);
    await page.waitForURL((u) => u.pathname === "/dashboard");
    await page.goto(`${base}/account/security`);
    await page.getByLabel("Name for the new passkey").fill("Laptop");
    await page.getByRole("button", { name: "Add a passkey" }).click();
    await page.getByRole("button", { name: "Create the passkey" }).click();
    await page.getByText("Passkey “Laptop” added.").waitFor();
    await page.getByRole("row").filter({ hasText: "Laptop" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0]!.isResidentCredential).toBe(true);
    const stored = svc.db.select().from(passkeys).all();
    expect(stored.map((p) => [p.id, p.name])).toEqual([[credentials[0]!.credentialId.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, ""), "Laptop"]]);

    // Password, then the passkey as the second factor.
    await signOut(page);
    await passwordStep(page);
    await page.waitForURL((u) => u.pathname === "/login/second-factor");
    expect(await page.getByLabel(/Code from your authenticator app/).count()).toBe(0);
    await page.getByRole("button", { name: "Use a passkey" }).click();
    await page.waitForURL((u) => u.pathname === "/dashboard");
    const counterAfterSecondFactor = svc.db.select().from(passkeys).get()!.counter;
    expect(counterAfterSecondFactor).toBeGreaterThan(0);

    // No password at all.
    await signOut(page);
    let answered = "";
    page.on("request", (r) => {
      if (r.method() === "POST" && new URL(r.url()).pathname === "/login/passkey") answered = r.postData() ?? "";
    });
    await page.getByRole("button", { name: "Sign in with a passkey" }).click();
    await page.waitForURL((u) => u.pathname === "/dashboard");
    expect(answered).toContain("credential=");
    const key = svc.db.select().from(passkeys).get()!;
    expect(key.counter).toBeGreaterThan(counterAfterSecondFactor);
    expect(key.lastUsedAt).not.toBeNull();
    expect(svc.db.select({ method: sessions.method }).from(sessions).all().map((s) => s.method)).toContain("passkey");

    // The same signed answer sent again (with a fresh form token) is refused: its challenge was used up.
    await signOut(page);
    const csrf = await page.locator('form[action="/login/passkey"] input[name="_csrf"]').inputValue();
    const replayed = new URLSearchParams(answered);
    replayed.set("_csrf", csrf);
    const replay = await page.request.post(`${base}/login/passkey`, { headers: { "content-type": "application/x-www-form-urlencoded" }, data: replayed.toString(), maxRedirects: 0 });
    expect(replay.status()).toBe(401);
    // A challenge left unanswered past its five minutes is refused too; a fresh one works.
    await page.goto(`${base}/login`);
    svc.clock.advance(PASSKEY_CHALLENGE_TTL_MS + 1000);
    await page.getByRole("button", { name: "Sign in with a passkey" }).click();
    await page.getByText("That passkey did not sign you in.").waitFor();
    await page.getByRole("button", { name: "Sign in with a passkey" }).click();
    await page.waitForURL((u) => u.pathname === "/dashboard");

    // Removed: the authenticator still holds it, but staykey no longer takes it.
    // While the account requires two-factor sign-in, the passkey is the member's second factor: the dashboard opens,
    // and the last one cannot be removed.
    svc.db.update(accounts).set({ requireTwoFactor: true }).where(eq(accounts.id, accountId)).run();
    await page.goto(`${base}/dashboard`);
    expect(new URL(page.url()).pathname).toBe("/dashboard");
    await page.goto(`${base}/account/security`);
    await page.getByRole("button", { name: "Remove passkey Laptop" }).click();
    await page.getByText(/only second factor/).waitFor();
    expect(svc.db.select().from(passkeys).all()).toHaveLength(1);
    svc.db.update(accounts).set({ requireTwoFactor: false }).where(eq(accounts.id, accountId)).run();
    await page.goto(`${base}/account/security`);
    await page.getByRole("button", { name: "Remove passkey Laptop" }).click();
    await page.getByText("Passkey removed.").waitFor();
    expect(svc.db.select().from(passkeys).all()).toHaveLength(0);
    await signOut(page);
    await page.getByRole("button", { name: "Sign in with a passkey" }).click();
    await page.getByText("That passkey did not sign you in.").waitFor();
    expect(new URL(page.url()).pathname).toBe("/login/passkey");

    const log = actions();
    expect(log).toContain("auth.passkey.add");
    expect(log.filter((a) => a === "auth.passkey.use")).toHaveLength(3);
    expect(log).toContain("auth.passkey.remove");
    await context.close();
  }, 120_000);
});
