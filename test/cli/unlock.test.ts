import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lockEvents, stays } from "../../src/db/schema";
import type { SimulatedLockProvider } from "../../src/providers/locks/simulated";
import { startHttpServer, type RunningServer } from "../../src/server";
import { createApiKey } from "../../src/services/accounts/api-keys";
import { createAccount } from "../../src/services/accounts/create-account";
import { testServiceDeps } from "../support/service-deps";
import { testWorld } from "../support/world";
import { cliIn } from "./run-cli";

const HOUR = 3_600_000;
const PIN = "482913";
const deps = testServiceDeps();
let server: RunningServer;

/** A running server with an account holding a simulated front door and Maya Chen's stay whose code the door holds, and the account's API key. */
async function door(email: string) {
  const world = testWorld(deps);
  const { accountId, userId } = await createAccount(deps, { name: email, ownerEmail: email });
  const { key } = createApiKey(deps.db, deps.clock, { accountId, userId, name: "cli" });
  const at = (hours: number) => new Date(deps.clock.now().getTime() + hours * HOUR);
  const property = world.property(accountId, { name: "Seaside Cottage" });
  const lock = world.lock(property.id, { name: "Front door", provider: "simulated" });
  const sim = deps.lockProvider(lock) as SimulatedLockProvider;
  sim.addDevice({ deviceId: lock.providerDeviceId });
  const stay = world.stay(property.id, { guestName: "Maya Chen", checkInAt: at(-2), checkOutAt: at(46) });
  const onLock = await sim.createCode(lock.providerDeviceId, { name: "Maya Chen", pin: PIN, startsAt: at(-2), endsAt: at(46) });
  world.code(lock.id, { stayId: stay.id, pin: PIN, state: "active", providerCodeId: onLock.codeId });
  return { key, lock, stay };
}

beforeAll(async () => {
  server = await startHttpServer(deps, { port: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await server?.close();
});

const cli = (env: Record<string, string>) => cliIn(mkdtempSync(join(tmpdir(), "staykey-cli-unlock-")), { STAYKEY_URL: `http://127.0.0.1:${server.port}`, ...env });

describe("staykey unlock", () => {
  it("types a PIN at the running server's simulated lock: a wrong one is refused and logged, the guest's opens the door and checks the stay in", async () => {
    const { key, lock, stay } = await door("host-a@example.com");
    const run = cli({ STAYKEY_API_KEY: key });

    const wrong = await run(["unlock", "--lock", lock.id, "--pin", "000000"]);
    expect(wrong).toMatchObject({ code: 3, out: `denied: ${lock.id} refused the code (logged as access_denied)` });

    const right = await run(["unlock", "--lock", lock.id, "--pin-stdin"], `${PIN}\n`);
    expect(right.code).toBe(0);
    expect(right.out).toBe(`unlocked: ${lock.id} opened for guest code (stay ${stay.id})`);
    expect(right.out + right.err).not.toContain(PIN);

    expect(deps.db.select().from(lockEvents).where(eq(lockEvents.lockId, lock.id)).all().map((e) => [e.kind, e.stayId])).toEqual([["access_denied", null], ["unlocked", stay.id]]);
    expect(deps.db.select().from(stays).where(eq(stays.id, stay.id)).get()!.checkedInAt).not.toBeNull();

    const json = await run(["unlock", "--lock", lock.id, "--pin", PIN, "--json"]);
    expect(JSON.parse(json.out)).toMatchObject({ outcome: "unlocked", event: { kind: "unlocked", stayId: stay.id, actor: "guest" } });
  });

  it("answers another account's lock as not found, and refuses without a key, with a bad PIN or both PIN flags", async () => {
    const a = await door("host-b@example.com");
    const b = await door("host-c@example.com");
    const other = await cli({ STAYKEY_API_KEY: b.key })(["unlock", "--lock", a.lock.id, "--pin", PIN]);
    expect(other.code).toBe(2);
    expect(other.err).toBe(`staykey unlock: lock ${a.lock.id} does not exist`);
    expect(deps.db.select().from(lockEvents).where(eq(lockEvents.lockId, a.lock.id)).all()).toEqual([]);

    const noKey = await cli({})(["unlock", "--lock", a.lock.id, "--pin", PIN]);
    expect(noKey).toMatchObject({ code: 2, err: expect.stringContaining("STAYKEY_API_KEY") });
    const badPin = await cli({ STAYKEY_API_KEY: a.key })(["unlock", "--lock", a.lock.id, "--pin", "12ab"]);
    expect(badPin).toMatchObject({ code: 2, err: expect.stringContaining("4 to 8 digits") });
    const both = await cli({ STAYKEY_API_KEY: a.key })(["unlock", "--lock", a.lock.id, "--pin", PIN, "--pin-stdin"], PIN);
    expect(both.code).toBe(2);
  });

  it("says so when no server answers", async () => {
    const { key, lock } = await door("host-d@example.com");
    const res = await cliIn(mkdtempSync(join(tmpdir(), "staykey-cli-unlock-")), { STAYKEY_URL: "http://127.0.0.1:1", STAYKEY_API_KEY: key })(["unlock", "--lock", lock.id, "--pin", PIN]);
    expect(res.code).toBe(1);
    expect(res.err).toContain("could not reach staykey at http://127.0.0.1:1");
  });
});
