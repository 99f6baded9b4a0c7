import { describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../src/cli";
import { cliIn } from "./run-cli";

function cli(dataDir: string) {
  const run = cliIn(dataDir);
  return (...argv: string[]) => run(argv);
}

describe("staykey CLI accounts", () => {
  it("creates an account and an API key, printing JSON for scripts", async () => {
    const run = cli(mkdtempSync(join(tmpdir(), "staykey-cli-")));
    const account = await run("create-account", "--email", "Owner@Example.com", "--json");
    expect(account.code).toBe(0);
    expect(JSON.parse(account.out)).toMatchObject({ accountId: expect.stringMatching(/^acct_/) });
    const key = await run("create-api-key", "--account", "owner@example.com", "--json");
    expect(key.code).toBe(0);
    expect(JSON.parse(key.out).key).toMatch(/^sk_[A-Za-z0-9]{32}$/);
  });

  it("revokes a key once, and says so when there is nothing left to revoke", async () => {
    const run = cli(mkdtempSync(join(tmpdir(), "staykey-cli-")));
    await run("create-account", "--email", "r@example.com");
    const { id } = JSON.parse((await run("create-api-key", "--account", "r@example.com", "--json")).out);
    expect(await run("revoke-api-key", "--account", "r@example.com", "--id", id, "--json")).toMatchObject({ code: 0, out: JSON.stringify({ revoked: id }) });
    const again = await run("revoke-api-key", "--account", "r@example.com", "--id", id);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/no live key/);
  });

  it("exits non-zero with a one-line reason on bad input", async () => {
    const run = cli(mkdtempSync(join(tmpdir(), "staykey-cli-")));
    const bad = await run("create-account", "--email", "not-an-email");
    expect(bad.code).toBe(2);
    expect(bad.err.split("\n")).toHaveLength(1);
    expect(bad.err).toMatch(/--email/);
    await run("create-account", "--email", "a@example.com");
    const dup = await run("create-account", "--email", "a@example.com", "--json");
    expect(dup.code).toBe(2);
    expect(JSON.parse(dup.out).error).toMatch(/already exists/);
    const unknown = await run("frobnicate");
    expect(unknown.code).toBe(2);
  });

  it("names the bad variable when the environment is invalid", async () => {
    const errs: string[] = [];
    const code = await runCli(["migrate"], { out: () => {}, err: (l) => errs.push(l), env: { STAYKEY_DATA_DIR: "/tmp/x", REDIS_URL: "http://nope" } });
    expect(code).toBe(2);
    expect(errs[0]).toMatch(/REDIS_URL/);
  });
});
