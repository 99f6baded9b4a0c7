import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client";
import { ManualClock } from "../../src/lib/clock";
import { testSecretBox } from "../support/test-deps";
import { testWorld } from "../support/world";
import { cliIn } from "./run-cli";

describe("staykey delete-account", () => {
  it("asks for the account's name, then removes the codes and deletes every record of that account only", async () => {
    const dir = mkdtempSync(join(tmpdir(), "staykey-delete-"));
    // No calendar reader threads: the command never reads a feed, and starting them is most of its time on a busy machine.
    const run = cliIn(dir, { STAYKEY_PARSE_THREADS: "0" });
    const { accountId } = JSON.parse((await run(["create-account", "--email", "gone@example.com", "--name", "Gone Rentals", "--json"])).out);
    const { accountId: keptId } = JSON.parse((await run(["create-account", "--email", "kept@example.com", "--json"])).out);

    const db = openDatabase(join(dir, "staykey.db"));
    const world = testWorld({ db, box: testSecretBox(), clock: new ManualClock(Date.now()) });
    for (const id of [accountId, keptId]) {
      const lock = world.lock(world.property(id).id);
      world.code(lock.id, { stayId: world.stay(lock.propertyId).id, state: "active", providerCodeId: `sim_code_${id}` });
    }
    const count = (table: string, id: string) => db.$client.prepare(`SELECT count(*) FROM ${table} WHERE account_id = ?`).pluck().get(id);

    expect((await run(["delete-account", "--account", "gone@example.com", "--confirm", "gone@example.com"])).code).toBe(2);
    expect(count("stays", accountId)).toBe(1);

    const done = await run(["delete-account", "--account", "gone@example.com", "--confirm", "Gone Rentals", "--json"]);
    expect(done.code, done.err).toBe(0);
    expect(JSON.parse(done.out)).toMatchObject({ accountId, deleted: true, codesRemoved: 1 });
    for (const table of ["properties", "locks", "stays", "access_codes", "users"]) {
      expect(count(table, accountId), table).toBe(0);
      expect(count(table, keptId), table).toBe(1);
    }
    expect((await run(["delete-account", "--account", "gone@example.com", "--confirm", "Gone Rentals"])).code).toBe(2);
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  }, 90_000);
});
