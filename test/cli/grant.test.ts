import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildRuntime } from "../../src/runtime/build-runtime";
import { testWorld } from "../support/world";
import { cliIn } from "./run-cli";

/** A data dir with an account (through the CLI), a property in Berlin and its front door. */
async function withDoor() {
  const dataDir = mkdtempSync(join(tmpdir(), "staykey-cli-grant-"));
  const run = cliIn(dataDir);
  const { accountId } = JSON.parse((await run(["create-account", "--email", "host@example.com", "--json"])).out) as { accountId: string };
  const runtime = buildRuntime({ STAYKEY_DATA_DIR: dataDir, STAYKEY_LOG_LEVEL: "silent" });
  const world = testWorld(runtime.deps);
  const property = world.property(accountId, { name: "Loft 3B", timezone: "Europe/Berlin" }).id;
  const lock = world.lock(property, { name: "Front door" }).id;
  await runtime.close();
  return { run, property, lock };
}

describe("staykey grant", () => {
  it("creates, lists, extends, resends and revokes a grant through the same rules as the API", async () => {
    const { run, property } = await withDoor();
    const created = await run(["grant", "create", "--account", "host@example.com", "--property", property, "--name", "Piotr", "--phone", "+491701234567",
      "--from", "2099-03-11T08:00", "--to", "2099-03-11T17:00", "--json"]);
    expect(created.code).toBe(0);
    const grant = JSON.parse(created.out);
    expect(grant).toMatchObject({ name: "Piotr", kind: "window", status: "active", startsAt: "2099-03-11T07:00:00.000Z", locks: [{ name: "Front door" }] });
    expect(grant.pin).toMatch(/^\d{6}$/);
    expect(grant).not.toHaveProperty("pinEnc");

    const listed = await run(["grant", "list", "--account", "host@example.com"]);
    expect(listed.out).toContain(`${grant.id}  active   Piotr  [Front door]`);
    expect(listed.out).not.toContain(grant.pin);

    const extended = await run(["grant", "extend", "--account", "host@example.com", "--id", grant.id, "--to", "2099-03-12T17:00", "--json"]);
    expect(JSON.parse(extended.out).endsAt).toBe("2099-03-12T16:00:00.000Z");
    // Nothing is on the door yet (no worker ran), so there is nothing to send again: a refusal, not a crash.
    const resend = await run(["grant", "resend", "--account", "host@example.com", "--id", grant.id]);
    expect(resend.code).toBe(2);
    expect(resend.err).toContain("nothing to send yet");
    const revoked = await run(["grant", "revoke", "--account", "host@example.com", "--id", grant.id, "--json"]);
    expect(JSON.parse(revoked.out).status).toBe("revoked");
  });

  it("exits 2 with the service's words on bad input, a clash or another account's grant", async () => {
    const { run, property } = await withDoor();
    const weak = await run(["grant", "create", "--account", "host@example.com", "--property", property, "--name", "X", "--kind", "always", "--pin", "123456"]);
    expect(weak.code).toBe(2);
    expect(weak.err).toContain("cannot go on Front door");
    const noTimes = await run(["grant", "create", "--account", "host@example.com", "--property", property, "--name", "X", "--kind", "recurring", "--weekdays", "2"]);
    expect(noTimes.code).toBe(2);
    expect(noTimes.err).toMatch(/schedule\.startTime/);
    await run(["create-account", "--email", "other@example.com"]);
    const mine = JSON.parse((await run(["grant", "create", "--account", "host@example.com", "--property", property, "--name", "Mum", "--email", "mum@example.com", "--kind", "always", "--json"])).out);
    const theirs = await run(["grant", "revoke", "--account", "other@example.com", "--id", mine.id]);
    expect(theirs.code).toBe(2);
    expect(theirs.err).toContain(`access grant ${mine.id} does not exist`);
    expect((await run(["grant", "frobnicate", "--account", "host@example.com"])).code).toBe(2);
  });
});
