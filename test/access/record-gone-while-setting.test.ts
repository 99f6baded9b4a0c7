import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { accessCodes } from "../../src/db/schema";
import type { SimulatedLockProvider } from "../../src/providers/locks/simulated";
import { programCode } from "../../src/services/access/program-code";
import { updateCode } from "../../src/services/access/code-records";
import { deleteAccount } from "../../src/services/accounts/delete-account";
import { deleteLock } from "../../src/services/locks/locks";
import { testServiceDeps } from "../support/service-deps";
import { testWorld } from "../support/world";

/**
 * A program-code job is mid-call to the lock (the vendor is slow) when the code's record goes away: the account or the
 * lock is deleted, or the stay is cancelled. Nothing else will ever remove that code from the door (no row names it,
 * and a deleted lock has no reconcile), so the job itself must take it off once the call returns.
 */
async function codeBeingSet() {
  const deps = testServiceDeps();
  const world = testWorld(deps);
  const { accountId } = await world.account({ name: "Seaside Rentals" });
  const property = world.property(accountId);
  const lock = world.lock(property.id);
  const sim = deps.lockProvider(lock) as SimulatedLockProvider;
  sim.addDevice({ deviceId: lock.providerDeviceId });
  const now = deps.clock.now().getTime();
  const code = world.code(lock.id, { state: "planned", validFrom: new Date(now + 86_400_000), validTo: new Date(now + 4 * 86_400_000) });

  // The vendor call is held open until the test lets it finish.
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let entered!: () => void;
  const calling = new Promise<void>((r) => (entered = r));
  const create = sim.createCode.bind(sim);
  sim.createCode = async (deviceId, input) => {
    entered();
    await gate;
    return create(deviceId, input);
  };
  const job = programCode(deps, code.id, { jobId: "job_test", attempt: 1, signal: new AbortController().signal });
  await calling;
  const onLock = () => [...sim.store.devices.get(lock.providerDeviceId)!.codes.values()];
  return { deps, accountId, lock, code, release, job, onLock };
}

describe("a code whose record goes away while the lock is being written", () => {
  it("is removed from the lock when the account is deleted meanwhile", async () => {
    const t = await codeBeingSet();
    const deletion = await deleteAccount(t.deps, t.accountId, { confirm: "Seaside Rentals" });
    expect(deletion.deleted).toBe(true);
    t.release();
    await t.job;
    expect(t.onLock()).toEqual([]);
  });

  it("is removed from the lock when the lock is deleted meanwhile", async () => {
    const t = await codeBeingSet();
    await deleteLock(t.deps, t.accountId, t.lock.id);
    t.release();
    await t.job;
    expect(t.onLock()).toEqual([]);
  });

  it("is removed from the lock when the code is cancelled meanwhile", async () => {
    const t = await codeBeingSet();
    updateCode(t.deps.db, t.deps.clock, t.code, { state: "cancelled" });
    t.release();
    await t.job;
    expect(t.onLock()).toEqual([]);
    expect(t.deps.db.select().from(accessCodes).where(eq(accessCodes.id, t.code.id)).get()!.state).toBe("cancelled");
  });

  it("stays on the lock when the code is still wanted but changed (the lock reconcile settles it)", async () => {
    const t = await codeBeingSet();
    updateCode(t.deps.db, t.deps.clock, t.code, { validTo: new Date(t.code.validTo.getTime() + 86_400_000) });
    t.release();
    await t.job;
    expect(t.onLock()).toHaveLength(1);
  });
});
