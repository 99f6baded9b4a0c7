import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { DateTime } from "luxon";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runServer, type RunningStaykey } from "../../src/cli/run-server";
import { locks, stays } from "../../src/db/schema";
import { buildRuntime, type Runtime } from "../../src/runtime/build-runtime";
import { createAccount } from "../../src/services/accounts/create-account";
import { eventually } from "../demo/eventually";
import { startFeedServer, type FeedServer } from "../peers/feed-server";
import { airbnbCalendar } from "../sync/calendars";
import { SHOTS, launchChromium, shot } from "./chromium";


const ZONE = "Europe/Lisbon";

/**
 * The whole product the way `staykey serve` runs it (buildRuntime on a data directory, the embedded job runner, the
 * dashboard), driven through Chromium: nothing is seeded but the host's account; everything else goes through its forms.
 */
describe("calendar to door code to guest message, in Chromium", () => {
  const dir = mkdtempSync(join(tmpdir(), "staykey-pipeline-"));
  let runtime: Runtime;
  let running: RunningStaykey;
  let feedServer: FeedServer;
  let browser: Browser;
  let page: Page;
  let base: string;
  let propertyId: string;
  let stayId: string;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    runtime = buildRuntime({ STAYKEY_DATA_DIR: dir, STAYKEY_LOG_LEVEL: "silent", STAYKEY_FEED_ALLOW_HOSTS: "127.0.0.1" });
    await createAccount(runtime.deps, { name: "Pipeline host", ownerEmail: "pipeline@example.com", password: "pipeline-password-1" });
    running = await runServer(runtime, { port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${running.port}`;

    // Checking in today (property time): inside the one-day lead whatever the hour, so the code is due at once.
    const today = DateTime.now().setZone(ZONE);
    feedServer = await startFeedServer();
    feedServer.set("/cal/lighthouse.ics", {
      body: airbnbCalendar([{ uid: "pipeline-1@airbnb.com", start: today.toISODate()!, end: today.plus({ days: 2 }).toISODate()!, code: "HMPIPE0001", phoneLast4: "0123" }]),
    });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1100, height: 900 } })).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await running?.stop();
    await feedServer?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("signs the host in and adds a property, then a simulated lock", async () => {
    await page.goto(`${base}/login`);
    await page.getByLabel("Email").fill("pipeline@example.com");
    await page.getByLabel("Password").fill("pipeline-password-1");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    // A new host's day is empty: the landing page sends them to add a property.
    await page.getByRole("heading", { name: "Today", level: 1 }).waitFor();
    await page.getByRole("link", { name: "Add your first property" }).click();
    await page.getByRole("heading", { name: "Properties", level: 1 }).waitFor();
    await page.getByLabel("Name", { exact: true }).fill("Lighthouse flat");
    await page.getByLabel("Timezone").fill(ZONE);
    await page.getByRole("button", { name: "Add property" }).click();
    await page.getByRole("heading", { name: "Lighthouse flat", level: 1 }).waitFor();
    propertyId = new URL(page.url()).pathname.split("/").pop()!;

    await page.getByLabel("Lock name").fill("Front door");
    await page.getByLabel("Provider", { exact: true }).selectOption("simulated");
    await page.getByLabel("Provider device id").fill("lighthouse-front");
    await page.getByRole("button", { name: "Add lock" }).click();
    await expect(page.getByRole("status").textContent()).resolves.toContain("Added Front door.");
    await expect(page.getByRole("region", { name: "Locks" }).textContent()).resolves.toContain("Front door");
  });

  it("connects a calendar served on loopback and shows the stay's code become active on the simulated lock", async () => {
    await page.getByLabel("Calendar (iCal) URL").fill(feedServer.url("/cal/lighthouse.ics?s=pipeline-token"));
    await page.getByRole("button", { name: "Connect calendar" }).click();
    await expect(page.getByRole("status").textContent()).resolves.toContain("First sync: read 1 event, 1 new");
    stayId = runtime.deps.db.select().from(stays).where(eq(stays.propertyId, propertyId)).get()!.id;

    const timeline = page.getByRole("list", { name: "Upcoming stays and turnovers" });
    await eventually(async () => {
      await page.reload();
      await expect(timeline.textContent()).resolves.toContain("code active");
    }, { timeoutMs: 20_000, intervalMs: 250 });
    await shot(page, "pipeline-property");
  });

  it("texts the confirmed code to the guest as soon as the host adds their phone, and shows it in the outbox (PIN masked until revealed)", async () => {
    // Airbnb exports only the phone's last four digits; the host types the number in on the stay page. The code is
    // already confirmed on the lock, so the message goes out at once.
    await page.goto(`${base}/dashboard/stays/${stayId}`);
    await page.getByLabel("Guest name").fill("Maya Chen");
    await page.getByLabel("Mobile phone").fill("+15555550123");
    await page.getByRole("button", { name: "Save guest contact" }).click();
    await page.getByRole("heading", { name: "Maya Chen", level: 1 }).waitFor();
    await expect(page.getByRole("status").textContent()).resolves.toContain("Guest contact saved.");
    await page.getByRole("button", { name: "Show PIN" }).first().click();
    const pin = (await page.locator(".pin").first().textContent())!.trim();
    expect(pin).toMatch(/^\d{6}$/);
    const lock = runtime.deps.db.select().from(locks).where(eq(locks.propertyId, propertyId)).get()!;
    const onLock = await runtime.deps.lockProvider(lock).listCodes(lock.providerDeviceId);
    expect(onLock.map((c) => c.pin)).toContain(pin);

    await page.goto(`${base}/dashboard/outbox`);
    const message = page.getByRole("listitem").filter({ hasText: "Guest code to Maya Chen (+15555550123)" });
    await eventually(async () => {
      await page.reload();
      await expect(message.textContent()).resolves.toContain("message sent");
    }, { timeoutMs: 20_000, intervalMs: 250 });
    expect(await message.count()).toBe(1);
    await message.getByText("Show message").click();
    const masked = (await message.locator(".preview").textContent())!;
    expect(masked).toContain("••••••");
    expect(masked).not.toContain(pin);
    await shot(page, "pipeline-outbox");
    await message.getByRole("button", { name: "Reveal PIN" }).click();
    await page.getByRole("heading", { name: "Message", level: 1 }).waitFor();
    await expect(page.locator(".preview").textContent()).resolves.toContain(pin);

    await page.goto(`${base}/dashboard/properties/${propertyId}`);
    const entry = page.getByRole("list", { name: "Upcoming stays and turnovers" }).getByRole("listitem").filter({ hasText: "Maya Chen" });
    await expect(entry.textContent()).resolves.toMatch(/code active[\s\S]*message sent/);
  });
});
