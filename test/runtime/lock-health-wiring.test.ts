import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { alerts, locks } from "../../src/db/schema";
import { SeamLockProvider } from "../../src/providers/locks/seam";
import { createReconciler } from "../../src/jobs/reconciler";
import { jobProcessors } from "../../src/runtime/processors";
import { reconcileSources } from "../../src/runtime/reconcile-sources";
import { startSeamFake, type SeamFake } from "../peers/seam-fake";
import { testServiceDeps } from "../support/service-deps";
import { testWorld } from "../support/world";

let fake: SeamFake;
beforeAll(async () => {
  fake = await startSeamFake();
});
afterAll(() => fake.stop());

describe("the wired lock-health job", () => {
  it("learns the lock's PIN rules once and reports a code staykey did not create", async () => {
    const deps = testServiceDeps();
    const seam = () => new SeamLockProvider({ apiKey: fake.apiKey, baseUrl: fake.baseUrl });
    deps.lockProvider = () => seam();
    const world = testWorld(deps);
    const { accountId } = await world.account({ name: "Host" });
    const property = world.property(accountId, { name: "Loft", timezone: "Europe/Berlin" });
    const lockId = world.lock(property.id, { name: "Front", provider: "seam", providerDeviceId: fake.devices.frontDoor }).id;
    // Someone set a code by hand in the vendor's app.
    await seam().createCode(fake.devices.frontDoor, { name: "Owner spare", pin: "7391" });

    const device = await seam().getDevice(fake.devices.frontDoor);
    const handlers = jobProcessors(deps, createReconciler({ db: deps.db, queue: deps.jobs, sources: reconcileSources }));
    await handlers["lock-health.check-lock"]({ lockId }, { jobId: "check-lock_test", attempt: 1, signal: new AbortController().signal });

    const row = deps.db.select().from(locks).where(eq(locks.id, lockId)).get()!;
    expect(row.online).toBe(true);
    expect(row.supportedCodeLengths).toEqual(device.capabilities.codeLengths);
    expect(row.constraints).toEqual(device.capabilities.constraints);
    const strangers = deps.db.select().from(alerts).where(eq(alerts.kind, "unknown_code")).all();
    expect(strangers).toHaveLength(1);
    expect(strangers[0]!.detail ?? "").not.toContain("7391");
  });
});
