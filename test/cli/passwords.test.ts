import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { buildRuntime } from "../../src/runtime/build-runtime";
import { coreDepsFromEnv } from "../../src/runtime/core-deps";
import { sessions } from "../../src/db/schema";
import { findUserByEmail } from "../../src/services/accounts/create-account";
import { testWorld } from "../support/world";
import { webClient } from "../web/web-client";
import { cliIn } from "./run-cli";

/** The CLI and, on the same database file, the dashboard a host signs in to. */
function install() {
  const dataDir = mkdtempSync(join(tmpdir(), "staykey-passwords-"));
  const run = cliIn(dataDir);
  const signIn = async (email: string, password: string) => {
    const runtime = buildRuntime({ STAYKEY_DATA_DIR: dataDir, STAYKEY_LOG_LEVEL: "silent", STAYKEY_PARSE_THREADS: "0" });
    try {
      const res = await webClient(createApp(runtime.deps)).signIn(email, password);
      return res.status === 303 ? res.location : res.status;
    } finally {
      await runtime.close();
    }
  };
  return { dataDir, run, signIn };
}

describe("passwords set from the CLI", () => {
  it("keeps a password exactly as typed: '  spacedpass12  ' created by create-account signs in, the trimmed one does not", async () => {
    const { run, signIn } = install();
    // `echo '  spacedpass12  ' | staykey create-account …`: only echo's newline is dropped.
    expect((await run(["create-account", "--email", "host@example.com", "--password-stdin"], "  spacedpass12  \n")).code).toBe(0);
    expect(await signIn("host@example.com", "spacedpass12")).toBe(401);
    expect(await signIn("host@example.com", "  spacedpass12  \n")).toBe(401);
    expect(await signIn("host@example.com", "  spacedpass12  ")).toBe("/dashboard");
  });

  it("says an account created without a password cannot sign in yet, and set-password lets it", async () => {
    const { run, signIn } = install();
    const created = await run(["create-account", "--email", "owner@example.com", "--json"]);
    expect(created.code).toBe(0);
    expect(JSON.parse(created.out)).toMatchObject({ accountId: expect.stringMatching(/^acct_/) });
    expect(created.err).toBe("owner@example.com cannot sign in to the dashboard yet: set a password with\n  staykey set-password --account owner@example.com --password-stdin");
    expect(await signIn("owner@example.com", "")).toBe(401);

    const set = await run(["set-password", "--account", "Owner@Example.com", "--password-stdin"], " tab\tand space \r\n");
    expect(set).toMatchObject({ code: 0, out: "password set for Owner@Example.com; 0 session(s) ended" });
    expect(await signIn("owner@example.com", " tab\tand space ")).toBe("/dashboard");
  });

  it("sets a cleaner's password too, and ends the sessions the old password opened", async () => {
    const { dataDir, run, signIn } = install();
    await run(["create-account", "--email", "host@example.com", "--password-stdin"], "first-password\n");
    expect(await signIn("host@example.com", "first-password")).toBe("/dashboard");
    const deps = coreDepsFromEnv({ STAYKEY_DATA_DIR: dataDir, STAYKEY_LOG_LEVEL: "silent" });
    const host = findUserByEmail(deps, "host@example.com")!;
    await testWorld(deps).user(host.accountId, { email: "sam@example.com", role: "cleaner" });
    expect(deps.db.select().from(sessions).where(eq(sessions.userId, host.id)).all()).toHaveLength(1);

    expect(await run(["set-password", "--account", "sam@example.com", "--password-stdin", "--json"], "cleaner-pass-1")).toMatchObject({ code: 0 });
    expect(await signIn("sam@example.com", "cleaner-pass-1")).toBe("/cleaner");
    const reset = await run(["set-password", "--account", "host@example.com", "--password-stdin", "--json"], "second-password\n");
    expect(JSON.parse(reset.out)).toEqual({ userId: host.id, sessionsEnded: 1 });
    expect(deps.db.select().from(sessions).where(eq(sessions.userId, host.id)).all()).toHaveLength(0);
    expect(await signIn("host@example.com", "first-password")).toBe(401);
    deps.db.$client.close();
  });

  it("refuses a short password, an unknown user, and a password not piped in", async () => {
    const { run } = install();
    await run(["create-account", "--email", "host@example.com"]);
    expect(await run(["set-password", "--account", "host@example.com", "--password-stdin"], "  short  \n")).toMatchObject({
      code: 2,
      err: "staykey set-password: the password must be at least 10 characters",
    });
    expect(await run(["set-password", "--account", "nobody@example.com", "--password-stdin"], "long-enough-1")).toMatchObject({
      code: 2,
      err: "staykey set-password: no user with email nobody@example.com",
    });
    expect((await run(["set-password", "--account", "host@example.com"])).err).toMatch(/--password-stdin/);
    expect(await run(["create-account", "--email", "b@example.com", "--password-stdin"], "tiny\n")).toMatchObject({ code: 2, err: expect.stringContaining("at least 10") });
  });
});
