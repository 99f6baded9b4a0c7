import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { eq } from "drizzle-orm";
import { DateTime } from "luxon";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runServer, type RunningStaykey } from "../../src/cli/run-server";
import { accessCodes, auditEvents, jobs, stays } from "../../src/db/schema";
import { buildRuntime, type Runtime } from "../../src/runtime/build-runtime";
import { createApiKey } from "../../src/services/accounts/api-keys";
import { stayGuestPath } from "../../src/services/guests/guest-links";
import { eventually } from "../demo/eventually";
import { startFeedServer, type FeedServer } from "../peers/feed-server";
import { TwilioEmulator } from "../peers/twilio-emulator";
import { testWorld } from "../support/world";
import { airbnbCalendar } from "../sync/calendars";
import { axeViolations } from "./axe";
import { SHOTS, launchChromium, shot, signIn } from "./chromium";

const ZONE = "Europe/Lisbon";
const PHONE = "+351912340187";

/**
 * Issue 15 end to end on the runtime `staykey serve` runs (embedded jobs, simulated lock, the real Twilio SDK against
 * the emulator), with a guest on a phone-sized Chromium that runs no JavaScript: an Airbnb feed syncs, the guest finds
 * their stay with the reservation code and last 4, is told when the code appears, sees it once the lock confirmed it,
 * leaves their number and gets exactly one text.
 */
describe("a guest reaches their door code on their phone, in Chromium", () => {
  const dir = mkdtempSync(join(tmpdir(), "staykey-guest-"));
  const logLines: string[] = [];
  let runtime: Runtime;
  let running: RunningStaykey;
  let feedServer: FeedServer;
  let twilio: TwilioEmulator;
  let browser: Browser;
  let phone: BrowserContext;
  let page: Page;
  let checker: Page;
  let base: string;
  let key: string;
  let propertyId: string;
  let stayId: string;
  let checkinLink: string;

  /** axe-core on the page the guest is on, as a JavaScript-enabled phone renders it (0 violations expected). */
  const a11y = async () => {
    await checker.goto(page.url());
    return axeViolations(checker);
  };

  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: res.status, body: (await res.json()) as any };
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    twilio = await TwilioEmulator.start();
    const sink = new Writable({ write(chunk, _enc, done) { logLines.push(...chunk.toString().split("\n").filter(Boolean)); done(); } });
    runtime = buildRuntime({
      STAYKEY_DATA_DIR: dir, STAYKEY_LOG_LEVEL: "debug", STAYKEY_FEED_ALLOW_HOSTS: "127.0.0.1",
      TWILIO_ACCOUNT_SID: twilio.accountSid, TWILIO_AUTH_TOKEN: twilio.authToken, TWILIO_FROM: "+15005550006", TWILIO_API_BASE_URL: twilio.baseUrl,
    }, { logDestination: sink });
    const world = testWorld(runtime.deps);
    const { accountId, userId } = await world.account({ email: "host@example.com", password: "host-password-1" });
    key = createApiKey(runtime.deps.db, runtime.deps.clock, { accountId, userId, name: "test" }).key;
    running = await runServer(runtime, { port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${running.port}`;

    // Arriving tomorrow; the code is programmed at once (programme lead 3 days) but the page shows it only from check-in.
    const tomorrow = DateTime.now().setZone(ZONE).plus({ days: 1 });
    feedServer = await startFeedServer();
    feedServer.set("/cal/quay.ics", { body: airbnbCalendar([{ uid: "guest-1@airbnb.com", start: tomorrow.toISODate()!, end: tomorrow.plus({ days: 3 }).toISODate()!, code: "HMGUEST001", phoneLast4: "0187" }]) });
    const property = await api("POST", "/api/v1/properties", { name: "Quay flat", timezone: ZONE, address: "3 Rua do Cais", checkInInstructions: "The key box is left of the blue door.", programLeadMinutes: 4320, codeRevealLeadMinutes: 0 });
    propertyId = property.body.id;
    checkinLink = property.body.checkInLink;
    expect((await api("POST", "/api/v1/locks", { propertyId, name: "Front door", provider: "simulated", providerDeviceId: "quay-front" })).status).toBe(201);

    browser = await launchChromium();
    phone = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, javaScriptEnabled: false, locale: "en-GB" });
    page = await phone.newPage();
    // axe-core runs in the page, so it needs a context with JavaScript: the same phone, looking at the same URL.
    checker = await (await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true })).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await running?.stop();
    await feedServer?.close();
    await twilio?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("syncs the Airbnb feed, and the guest finds their stay with the reservation code and last 4, and is told when the code appears", async () => {
    const feed = await api("POST", "/api/v1/feeds", { propertyId, url: feedServer.url("/cal/quay.ics?s=guest-token") });
    expect(feed.status).toBe(201);
    await eventually(async () => {
      expect(runtime.deps.db.select().from(stays).where(eq(stays.propertyId, propertyId)).get()).toBeDefined();
    }, { timeoutMs: 20_000, intervalMs: 250 });
    stayId = runtime.deps.db.select().from(stays).where(eq(stays.propertyId, propertyId)).get()!.id;

    await page.goto(new URL(new URL(checkinLink).pathname, base).toString());
    await page.getByLabel("Reservation code").fill("hmguest001");
    await page.getByLabel("Last 4 digits of your phone number").fill("0187");
    await page.getByRole("button", { name: "Show my check-in" }).click();
    await page.getByRole("heading", { name: "Quay flat", level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe(stayGuestPath(runtime.deps.box, { id: stayId, accountId: runtime.deps.db.select().from(stays).where(eq(stays.id, stayId)).get()!.accountId }));
    await expect(page.getByTestId("door-code").textContent()).resolves.toContain("Your door code appears here on");
    await expect(page.textContent("body")).resolves.toContain("The key box is left of the blue door.");
    expect(await a11y()).toEqual([]);
    await shot(page, "guest-before-window");
  });

  it("shows the code once the lock confirmed it and the window is open, and records the view in the audit trail", async () => {
    await eventually(async () => {
      const code = runtime.deps.db.select().from(accessCodes).where(eq(accessCodes.stayId, stayId)).get();
      expect(code?.state).toBe("active");
    }, { timeoutMs: 20_000, intervalMs: 250 });
    // The host opens the page earlier than check-in.
    expect((await api("PATCH", `/api/v1/properties/${propertyId}`, { codeRevealLeadMinutes: 2880 })).status).toBe(200);
    await page.reload();
    const shown = (await page.locator(".code").textContent())!.trim();
    expect(shown).toMatch(/^\d{6}$/);
    expect(await a11y()).toEqual([]);
    await shot(page, "guest-code");
    const trail = runtime.deps.db.select().from(auditEvents).where(eq(auditEvents.subjectId, stayId)).all();
    expect(trail.some((e) => e.action === "guest.code_viewed" && e.actor === "guest")).toBe(true);
    expect(JSON.stringify(trail)).not.toContain(shown);
  });

  it("takes the guest's number with consent and the Twilio emulator receives exactly one text", async () => {
    await page.getByLabel(/Mobile number/).fill("+351 912 340 187");
    await page.getByLabel(/I agree to receive text messages/).check();
    await page.getByRole("button", { name: "Send my code here" }).click();
    await expect(page.getByRole("status").first().textContent()).resolves.toContain("Saved.");
    expect(await a11y()).toEqual([]);
    await eventually(async () => {
      expect(twilio.sent().filter((m) => m.to === PHONE)).toHaveLength(1);
    }, { timeoutMs: 20_000, intervalMs: 250 });
    const [text] = twilio.sent();
    expect(text!.body).toContain((await page.locator(".code").textContent())!.trim());
    await new Promise((r) => setTimeout(r, 1500));
    expect(twilio.sent()).toHaveLength(1);
  });

  it("answers 429 with Retry-After after five wrong last 4, and 404 for another account's stay", async () => {
    const path = new URL(checkinLink).pathname;
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${base}${path}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `reservationCode=HMGUEST001&last4=999${i}`, redirect: "manual" });
      statuses.push(res.status);
      retryAfter = res.headers.get("retry-after");
    }
    expect(statuses).toEqual([400, 400, 400, 400, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);

    const world = testWorld(runtime.deps);
    const other = await world.account();
    const theirs = world.stay(world.property(other.accountId).id);
    const forged = stayGuestPath(runtime.deps.box, { id: theirs.id, accountId: runtime.deps.db.select().from(stays).where(eq(stays.id, stayId)).get()!.accountId });
    const res = await page.goto(`${base}${forged}`);
    expect(res!.status()).toBe(404);
  });

  it("gives the host the guest page tab and the stay's guest link, with 0 axe violations", async () => {
    const host = await signIn(browser, base, { email: "host@example.com", password: "host-password-1" }, { width: 390, height: 844 });
    await host.getByRole("heading", { name: "Today", level: 1 }).waitFor();
    await host.goto(`${base}/dashboard/properties/${propertyId}/guest-page`);
    await expect(host.locator("#checkin-url").inputValue()).resolves.toBe(checkinLink);
    // The copy button is progressive enhancement: the script (same origin, no inline code) shows it.
    await host.getByRole("button", { name: "Copy" }).first().waitFor();
    expect(await axeViolations(host)).toEqual([]);
    await shot(host, "guest-page-tab");
    await host.goto(`${base}/dashboard/stays/${stayId}`);
    await expect(host.locator("#guest-link").inputValue()).resolves.toContain("/g/");
    await expect(host.getByRole("table").textContent()).resolves.toContain("Guest viewed the code");
    expect(await axeViolations(host)).toEqual([]);
  });

  it("keeps the guest's number out of every log line and job payload", () => {
    const payloads = JSON.stringify(runtime.deps.db.select({ payload: jobs.payload }).from(jobs).all());
    for (const needle of [PHONE, "912340187", "912 340 187"]) {
      expect(logLines.join("\n")).not.toContain(needle);
      expect(payloads).not.toContain(needle);
    }
  });
});
