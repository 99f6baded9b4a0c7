import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createReconciler } from "../../src/jobs/reconciler";
import { SeamLockProvider, type LockProvider } from "../../src/providers/locks";
import { SimulatedLockProvider } from "../../src/providers/locks/simulated";
import { createApiKey } from "../../src/services/accounts/api-keys";
import type { LockRow } from "../../src/services/deps";
import { reconcileSources } from "../../src/services/reconcile-sources";
import { startSeamFake, type SeamFake } from "../peers/seam-fake";
import { apiHarness } from "../support/api-client";
import { testWorld } from "../support/world";

let fake: SeamFake;
beforeAll(async () => {
  fake = await startSeamFake();
});
afterAll(async () => {
  await fake.stop();
});

/**
 * Two accounts on one install: A with a simulated lock and a Seam lock, each holding a guest code that is really on
 * the lock (the simulator's memory, Seam's fake), plus the rest of what an account holds; B with its own lock and code.
 */
async function twoAccounts() {
  const h = await apiHarness();
  const { deps } = h;
  const world = testWorld(deps);
  const simulated = deps.lockProvider({} as LockRow) as SimulatedLockProvider;
  const seam = new SeamLockProvider({ apiKey: fake.apiKey, baseUrl: fake.baseUrl, retry: { retries: 0, timeoutMs: 5_000 } });
  deps.lockProvider = (lock): LockProvider => (lock.provider === "seam" ? seam : simulated);

  async function codeOnLock(lock: LockRow, provider: LockProvider, stayId: string, pin: string) {
    const onLock = await provider.createCode(lock.providerDeviceId, { name: "Guest", pin, startsAt: deps.clock.now(), endsAt: new Date(deps.clock.now().getTime() + 5 * 86_400_000) });
    return world.code(lock.id, { stayId, state: "active", pin, providerCodeId: onLock.codeId });
  }

  const homeA = world.property(h.a.accountId, { name: "Dune Cottage" });
  const simLockA = world.lock(homeA.id, { name: "Side door", providerDeviceId: "sim-a" });
  simulated.addDevice({ deviceId: "sim-a" });
  const seamDevice = fake.addLockDevice(`Front ${homeA.id}`);
  const seamLockA = world.lock(homeA.id, { name: "Front door", provider: "seam", providerDeviceId: seamDevice });
  const stayA = world.stay(homeA.id, { guestName: "Ana Guest", guestPhone: "+14155550123" });
  const cleaner = world.cleaner(homeA.id, { phone: "+14155550199" });
  world.feed(homeA.id);
  world.message(h.a.accountId, { status: "delivered" });
  world.alert(h.a.accountId, { subjectId: simLockA.id });
  world.audit(h.a.accountId, { subjectId: simLockA.id });
  const simCodeA = await codeOnLock(simLockA, simulated, stayA.id, "482913");
  const seamCodeA = await codeOnLock(seamLockA, seam, stayA.id, "482913");

  const homeB = world.property(h.b.accountId, { name: "Elsewhere" });
  const lockB = world.lock(homeB.id, { providerDeviceId: "sim-b" });
  simulated.addDevice({ deviceId: "sim-b" });
  const stayB = world.stay(homeB.id, { guestName: "Bo Guest" });
  const codeB = await codeOnLock(lockB, simulated, stayB.id, "771204");
  await createReconciler({ db: deps.db, queue: deps.jobs, sources: reconcileSources, clock: deps.clock }).run();

  const rowsOf = (accountId: string) => {
    const sqlite = deps.db.$client;
    const counts: Record<string, number> = {};
    for (const table of sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]) {
      const columns = sqlite.prepare("SELECT name FROM pragma_table_info(?)").pluck().all(table) as string[];
      const where = columns.includes("account_id") ? "account_id = ?" : table === "accounts" ? "id = ?" : null;
      if (where) counts[table] = sqlite.prepare(`SELECT count(*) FROM "${table}" WHERE ${where}`).pluck().get(accountId) as number;
    }
    return counts;
  };
  const waitingJobsMentioning = (ids: string[]) =>
    (deps.db.$client.prepare("SELECT payload FROM jobs WHERE state = 'waiting'").pluck().all() as string[]).filter((p) => ids.some((id) => p.includes(id)));
  return {
    ...h, world, simulated, seam, seamDevice, homeA, homeB, simLockA, seamLockA, stayA, stayB, cleaner, simCodeA, seamCodeA, lockB, codeB, rowsOf, waitingJobsMentioning,
  };
}

const DELETE = (t: { a: { request: (m: string, p: string, b?: unknown) => Promise<{ status: number; body: any }> } }, body: unknown) => t.a.request("DELETE", "/api/v1/account", body);

describe("DELETE /api/v1/account", () => {
  it("removes the account's codes from the simulated lock and from Seam, then every row of the account, and leaves another account untouched", async () => {
    const t = await twoAccounts();
    const bBefore = t.rowsOf(t.b.accountId);
    const aIds = [t.homeA.id, t.stayA.id, t.simCodeA.id, t.seamCodeA.id, t.simLockA.id, t.seamLockA.id, t.cleaner.id];
    expect(t.waitingJobsMentioning(aIds).length).toBeGreaterThan(0);
    expect(t.rowsOf(t.a.accountId)).toMatchObject({ stays: 1, access_codes: 2, contacts: 1, feeds: 1, messages: 1, alerts: 1, users: 1, api_keys: 1 });

    const res = await DELETE(t, { confirm: "a@example.com" });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ deleted: true, codesRemoved: 2, unreachableLocks: [] });
    expect(res.body.jobsCancelled).toBeGreaterThan(0);

    expect(t.simulated.store.devices.get("sim-a")!.codes.size).toBe(0);
    expect(fake.accessCodes(t.seamDevice)).toEqual([]);
    expect(Object.entries(t.rowsOf(t.a.accountId)).filter(([, n]) => n > 0)).toEqual([]);
    expect(t.waitingJobsMentioning(aIds)).toEqual([]);

    expect(t.rowsOf(t.b.accountId)).toEqual(bBefore);
    expect(t.simulated.store.devices.get("sim-b")!.codes.has(t.codeB.providerCodeId!)).toBe(true);
    expect(t.waitingJobsMentioning([t.homeB.id, t.lockB.id, t.stayB.id, t.codeB.id]).length).toBeGreaterThan(0);
    expect((await t.b.request("GET", "/api/v1/stays")).body.data).toHaveLength(1);
    // The deleted account's key is gone with it.
    expect((await t.a.request("GET", "/api/v1/properties")).status).toBe(401);
  });

  it("changes nothing while a lock holding codes is offline, names it, and deletes with force, leaving that lock's code", async () => {
    const t = await twoAccounts();
    fake.setDeviceOnline(t.seamDevice, false);
    const before = t.rowsOf(t.a.accountId);

    const refused = await DELETE(t, { confirm: "a@example.com" });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: "locks_unreachable", unreachableLocks: [{ lockId: t.seamLockA.id, name: "Front door", reason: "the lock is offline", codes: 1 }] });
    expect(refused.body.detail).toContain("Front door");
    expect(t.rowsOf(t.a.accountId)).toEqual(before);
    expect(t.simulated.store.devices.get("sim-a")!.codes.size).toBe(1);

    const forced = await DELETE(t, { confirm: "a@example.com", force: true });
    expect(forced.status).toBe(200);
    expect(forced.body).toMatchObject({ deleted: true, codesRemoved: 1, unreachableLocks: [{ lockId: t.seamLockA.id, codes: 1 }] });
    expect(t.simulated.store.devices.get("sim-a")!.codes.size).toBe(0);
    expect(fake.accessCodes(t.seamDevice)).toHaveLength(1);
    expect(Object.entries(t.rowsOf(t.a.accountId)).filter(([, n]) => n > 0)).toEqual([]);
    fake.setDeviceOnline(t.seamDevice, true);
  });

  it("asks for the account's name, and is the owner's alone", async () => {
    const t = await twoAccounts();
    const manager = createApiKey(t.deps.db, t.deps.clock, { accountId: t.a.accountId, userId: null, name: "m", role: "manager" }).key;
    const before = t.rowsOf(t.a.accountId);
    for (const body of [{}, { confirm: "b@example.com" }, { confirm: "A@example.com" }]) {
      const res = await DELETE(t, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.errors?.[0]?.path).toBe("confirm");
    }
    const res = await t.app.request("/api/v1/account", {
      method: "DELETE", headers: { authorization: `Bearer ${manager}`, "content-type": "application/json" }, body: JSON.stringify({ confirm: "a@example.com" }),
    });
    expect(res.status).toBe(403);
    expect(t.rowsOf(t.a.accountId)).toEqual(before);
    expect(t.simulated.store.devices.get("sim-a")!.codes.size).toBe(1);
  });
});
