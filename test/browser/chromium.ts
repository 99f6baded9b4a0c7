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

/** A full-page screenshot kept as a test artifact. */
export function shot(page: Page, name: string): Promise<Buffer> {
  return page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}
