import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// A PATH holding only the shell tools the script uses: no redis-server, no apt-get, no openssl.
const bin = mkdtempSync(join(tmpdir(), "staykey-peers-"));
for (const tool of ["bash", "sed", "id", "date", "cut", "dirname", "mkdir", "cc"]) {
  const found = spawnSync("bash", ["-c", `command -v ${tool}`], { encoding: "utf8" }).stdout.trim();
  if (found) symlinkSync(found, join(bin, tool));
}
afterAll(() => rmSync(bin, { recursive: true, force: true }));

const run = (args: string[], env: Record<string, string>) =>
  spawnSync(join(bin, "bash"), ["scripts/test-peers.sh", ...args], { encoding: "utf8", env: { PATH: bin, ...env } });

describe("scripts/test-peers.sh (npm test's pretest)", () => {
  it("stops with the exact apt line when peers are missing and it cannot install them", () => {
    const result = run([], { STAYKEY_CHROMIUM: join(bin, "no-chromium") });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("the tests need redis-server chromium openssl");
    expect(result.stderr).toContain("sudo apt-get update && sudo apt-get install -y --no-install-recommends redis-server chromium openssl");
    expect(result.stderr).toContain("STAYKEY_CHROMIUM");
  });

  it("passes and names the versions when every peer is there", () => {
    const result = spawnSync("bash", ["scripts/test-peers.sh"], { encoding: "utf8" });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^test-peers: redis-server \d+\.\d+\.\d+, chromium \d+/);
  });

  it("refuses an option it does not know", () => {
    const result = run(["--bogus"], {});
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("unknown option --bogus");
  });
});
