import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/cli";
import { cliIn } from "./run-cli";

const root = join(import.meta.dirname, "..", "..");
const version = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version as string;

/** A data dir that does not exist yet: a command that touched the database or the secret would create it. */
function untouchedDir() {
  return join(mkdtempSync(join(tmpdir(), "staykey-help-")), "data");
}

// PORT 0: were a command to start a server anyway, it would not collide with anything else on this machine.
const run = (dataDir: string, ...argv: string[]) => cliIn(dataDir, { PORT: "0" })(argv);

describe("staykey --help", () => {
  for (const command of COMMANDS) {
    it(`${command.name} --help and -h print its own usage and flags, exit 0 and touch nothing`, async () => {
      for (const flag of ["--help", "-h"]) {
        const dir = untouchedDir();
        const res = await run(dir, command.name, flag);
        expect(res).toMatchObject({ code: 0, err: "" });
        expect(res.out).toMatch(new RegExp(`^usage: staykey ${command.name}( |$)`));
        for (const name of Object.keys(command.flags)) expect(res.out).toContain(`--${name}`);
        expect(existsSync(dir)).toBe(false);
      }
    }, 10_000);
  }

  it("answers help even after other flags, and `staykey help <command>` prints the same", async () => {
    const dir = untouchedDir();
    const after = await run(dir, "sync", "--force", "--help");
    expect(after.code).toBe(0);
    expect((await run(dir, "help", "sync")).out).toBe(after.out);
    expect(existsSync(dir)).toBe(false);
  });

  it("prints the version from package.json", async () => {
    expect(await run(untouchedDir(), "--version")).toEqual({ code: 0, out: `staykey ${version}`, err: "" });
  });
});

describe("staykey flags", () => {
  it("refuses a flag the command does not take with exit 2, naming it, before touching anything", async () => {
    const dir = untouchedDir();
    const typo = await run(dir, "sync", "--feeed", "feed_1");
    expect(typo.code).toBe(2);
    expect(typo.err).toBe("staykey sync: unknown flag --feeed (staykey sync --help lists its flags)");
    const eq = await run(dir, "migrate", "--dry-run=yes");
    expect(eq).toMatchObject({ code: 2, err: expect.stringContaining("unknown flag --dry-run ") });
    // A flag another command takes is still unknown here: the worker prints no JSON.
    expect(await run(dir, "worker", "--json")).toMatchObject({ code: 2, err: expect.stringContaining("unknown flag --json") });
    expect(await run(dir, "serve", "-p", "9000")).toMatchObject({ code: 2, err: expect.stringContaining("unknown flag -p") });
    expect(await run(dir, "sync", "feed_1")).toMatchObject({ code: 2, err: expect.stringContaining('unexpected argument "feed_1"') });
    expect(existsSync(dir)).toBe(false);
  });

  it("refuses a flag missing its value, and a switch given one", async () => {
    const dir = untouchedDir();
    expect(await run(dir, "serve", "--port")).toMatchObject({ code: 2, err: "staykey serve: --port needs a value (--port 8787)" });
    expect(await run(dir, "sync", "--force=no")).toMatchObject({ code: 2, err: "staykey sync: --force takes no value" });
    expect(existsSync(dir)).toBe(false);
  });

  it("answers an error as JSON on stdout when --json was asked for", async () => {
    const res = await run(untouchedDir(), "jobs", "--json", "--failde", "3");
    expect(res.code).toBe(2);
    expect(JSON.parse(res.out)).toEqual({ error: expect.stringContaining("unknown flag --failde") });
  });
});

describe("bin/staykey", () => {
  it("exits 0 for --version and `worker --help` without starting a worker, and 2 for an unknown flag", () => {
    const dir = untouchedDir();
    const bin = (...args: string[]) =>
      spawnSync(process.execPath, [join(root, "bin", "staykey.js"), ...args], { env: { ...process.env, STAYKEY_DATA_DIR: dir }, encoding: "utf8", timeout: 20_000 });
    const v = bin("--version");
    expect([v.status, v.stdout.trim()]).toEqual([0, `staykey ${version}`]);
    const help = bin("worker", "--help");
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: staykey worker \[--queues /);
    const bad = bin("worker", "--queue", "messages");
    expect([bad.status, bad.stderr.trim()]).toEqual([2, "staykey worker: unknown flag --queue (staykey worker --help lists its flags)"]);
    expect(existsSync(dir)).toBe(false);
  }, 60_000);
});
