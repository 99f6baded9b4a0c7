import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "staykey-ci-summary-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function report(name: string, body: object): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(body));
  return file;
}
const summary = (...args: string[]) => spawnSync("node", ["scripts/ci-summary.mjs", ...args], { encoding: "utf8" }).stdout.trim();

describe("scripts/ci-summary.mjs (the line CI counts)", () => {
  const clean = report("clean.json", { numPassedTests: 10, numFailedTests: 0, numPendingTests: 2, testResults: [{ status: "passed", assertionResults: [] }] });
  // A beforeAll that throws: vitest marks the file failed and its tests skipped, with numFailedTests 0.
  const hookFailed = report("hook.json", {
    numPassedTests: 7, numFailedTests: 0, numPendingTests: 2,
    testResults: [{ status: "failed", assertionResults: [{ status: "skipped" }, { status: "skipped" }] }],
  });
  const testFailed = report("test.json", { numPassedTests: 7, numFailedTests: 1, testResults: [{ status: "failed", assertionResults: [{ status: "failed" }] }] });

  it("counts passed, failed and skipped tests of one run", () => {
    expect(summary("today", clean)).toBe("today: 10 passed, 0 failed, 2 skipped");
    expect(summary("today", testFailed)).toBe("today: 7 passed, 1 failed");
  });

  it("counts a test file that failed outside its tests, a missing report and a non-zero exit with nothing failed", () => {
    expect(summary("today", hookFailed)).toBe("today: 7 passed, 1 failed, 2 skipped");
    expect(summary("today", join(dir, "missing.json"))).toBe("today: 0 passed, 1 failed");
    expect(summary("today", `${clean}=1`)).toBe("today: 10 passed, 1 failed, 2 skipped");
  });

  it("adds every run up in the last line", () => {
    expect(summary("--total", `${clean}=0`, `${hookFailed}=1`, `${testFailed}=1`)).toBe("24 passed, 2 failed");
  });
});
