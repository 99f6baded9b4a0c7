import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const script = path.resolve(process.cwd(), "scripts/check-edge-imports.mjs");

async function check(args: string[] = []): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [script, ...args]);
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr };
  }
}

describe("edge bundle imports", () => {
  it("contain nothing Node-only in the relay Worker", async () => {
    const result = await check();
    expect(result.output).toContain("edge bundle is Node-free");
    expect(result.code).toBe(0);
  });

  it("are refused when a Worker module reaches for node:crypto or the twilio SDK", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "edge-imports-"));
    try {
      writeFileSync(path.join(dir, "helper.ts"), 'import twilio from "twilio";\nexport const client = twilio;\n');
      writeFileSync(path.join(dir, "worker.ts"), 'import { createHmac } from "node:crypto";\nimport { client } from "./helper";\nexport const x = [createHmac, client];\n');
      const result = await check(["--entry", path.join(dir, "worker.ts")]);
      expect(result.code).toBe(1);
      expect(result.output).toMatch(/worker\.ts imports "node:crypto"/);
      expect(result.output).toMatch(/helper\.ts imports "twilio"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
