import { existsSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

/**
 * Debian's Chromium (or STAYKEY_CHROMIUM). `npm test` installs it first (scripts/test-peers.sh), so a missing
 * browser fails the browser suites with this message instead of skipping them.
 */
export const CHROMIUM = process.env.STAYKEY_CHROMIUM || "/usr/bin/chromium";
export const SHOTS = join(process.cwd(), "test-artifacts", "screenshots");

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/test-peers.sh (npm test does) or set STAYKEY_CHROMIUM`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
  });
}

/**
 * A new browser context signed in through the real login form, on the dashboard's landing page. Every browser test
 * signs in the same way, so a change to the form is made here once.
 */
export async function signIn(
  browser: Browser,
  base: string,
  who: { email: string; password: string },
  viewport: { width: number; height: number } = { width: 1280, height: 900 },
): Promise<Page> {
  const page = await (await browser.newContext({ viewport })).newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((u) => u.pathname.startsWith("/dashboard"));
  return page;
}

/** A full-page screenshot kept as a test artifact. */
export function shot(page: Page, name: string): Promise<Buffer> {
  return page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}
