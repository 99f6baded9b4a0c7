import { eq } from "drizzle-orm";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { accessCodes, auditEvents, lockEvents, messages, providerConnections, stays } from "../../src/db/schema";
import { jobDefinitions, type JobName } from "../../src/jobs/definitions";
import { JobStore } from "../../src/jobs/embedded/job-store";
import { processJob, silentLogger } from "../../src/jobs/processor";
import type { JobHandler } from "../../src/jobs/port";
import { createReconciler } from "../../src/jobs/reconciler";
import { MatterFabrics } from "../../src/providers/locks/matter";
import { createSimulatedLockStore } from "../../src/providers/locks/simulated";
import { createLockProviderResolver } from "../../src/runtime/lock-providers";
import { jobProcessors } from "../../src/runtime/processors";
import { reconcileSources } from "../../src/runtime/reconcile-sources";
import { codePinAd } from "../../src/services/access/code-records";
import { recordMatterEvent } from "../../src/services/door/matter-door-events";
import { startMatterListeners, type MatterListeners } from "../../src/services/door/matter-listeners";
import { messageBodyAssociatedData } from "../../src/services/delivery/message-rows";
import { listConnectionDevices } from "../../src/services/locks/connection-devices";
import { createConnection, deleteConnection } from "../../src/services/locks/connections";
import { deleteLock } from "../../src/services/locks/locks";
import { matterFabricStore } from "../../src/services/locks/matter-fabric-store";
import { updateStay } from "../../src/services/stays/update-stay";
import { startFeedServer, type FeedServer } from "../peers/feed-server";
import { startMatterLocks } from "../peers/matter-network";
import { testServiceDeps } from "../support/service-deps";
import { testWorld } from "../support/world";
import { airbnbCalendar } from "../sync/calendars";

const ZONE = "Europe/Lisbon";
let net: Awaited<ReturnType<typeof startMatterLocks>>;
let feeds: FeedServer;
let fabrics: MatterFabrics | undefined;
let listeners: MatterListeners | undefined;

beforeAll(async () => {
  [net, feeds] = await Promise.all([startMatterLocks([{ users: 5 }]), startFeedServer()]);
}, 90_000);
afterAll(async () => {
  listeners?.stop();
  await fabrics?.close();
  await net?.close();
  await feeds?.close();
});

describe("a Matter lock paired with a pairing code", () => {
  it("is commissioned through the connection service, and a synced stay's code lands on it, confirmed before the guest message, opens the door at the keypad as the guest's arrival, and is gone after checkout", async () => {
    const deps = testServiceDeps();
    fabrics = new MatterFabrics({ store: matterFabricStore(deps), network: () => net.host() });
    deps.matter = fabrics;
    deps.lockProvider = createLockProviderResolver(deps, createSimulatedLockStore(), { matter: fabrics });
    const reconciler = createReconciler({ db: deps.db, queue: deps.jobs, sources: reconcileSources, clock: deps.clock });
    const handlers = jobProcessors(deps, reconciler) as Record<string, JobHandler<never>>;
    const store = new JobStore(deps.db.$client);
    const queues = [...new Set(Object.values(jobDefinitions).map((d) => d.queue))];
    const runDue = async () => {
      await reconciler.run();
      for (let pass = 0; pass < 20; pass++) {
        const now = deps.clock.now().getTime();
        const claimed = queues.flatMap((q) => store.claim(q, 50, "test", now, 60_000));
        if (claimed.length === 0) return;
        for (const job of claimed) {
          try {
            await processJob(jobDefinitions[job.name as JobName], handlers[job.name]!, JSON.parse(job.payload), { jobId: job.id, attempt: job.attempts, signal: new AbortController().signal }, silentLogger);
            store.complete(job.id, "test", now);
          } catch (err) {
            store.retry(job.id, "test", now + 60_000, (err as Error).message, now);
          }
        }
      }
    };

    const world = testWorld(deps);
    const { accountId } = await world.account({ name: "Matter host" });
    const property = world.property(accountId, { name: "Alfama flat", timezone: ZONE });
    // Door activity is watched from the start: the connection paired below is subscribed as soon as its controller is up.
    listeners = startMatterListeners(deps);
    const pairingCode = net.pairingCode(0);
    await expect(createConnection(deps, accountId, { provider: "matter", name: "Front door (Apple Home)", config: { pairingCode: "3497-011-2333" } })).rejects.toMatchObject({ kind: "invalid" });
    const connection = await createConnection(deps, accountId, { provider: "matter", name: "Front door (Apple Home)", config: { pairingCode } });
    expect(connection).toMatchObject({ provider: "matter", credentialHint: "staykey's own Matter fabric" });
    // The fabric's keys are sealed in the row; the pairing code is not kept.
    const row = deps.db.select().from(providerConnections).where(eq(providerConnections.id, connection.id)).get()!;
    expect(row.configEnc).not.toContain("fabric");
    expect(deps.box.decrypt(row.configEnc, `connection:${connection.id}`)).not.toContain(pairingCode.replace(/-/g, ""));

    const [device] = await listConnectionDevices(deps, accountId, connection.id);
    expect(device).toMatchObject({ deviceId: expect.stringMatching(/^[\w.-]+\/1$/), online: true, lockId: null });
    const lock = world.lock(property.id, { name: "Front door", provider: "matter", providerDeviceId: device!.deviceId, connectionId: connection.id, slotCapacity: 3 });
    expect(lock.nativeSchedules).toBe(false);
    // staykey's own SetUser/SetCredential (LockUserChange on its own fabric) below is no "external change".
    await vi.waitFor(() => expect(listeners!.subscribed).toBe(1), { timeout: 10_000 });
    const heard: Parameters<typeof recordMatterEvent>[2][] = [];
    const stopHearing = await fabrics.watchDoorLockEvents(connection.id, (e) => heard.push(e));
    const doorLog = () => deps.db.select().from(lockEvents).where(eq(lockEvents.lockId, lock.id)).all();

    const checkIn = DateTime.fromJSDate(deps.clock.now(), { zone: ZONE }).plus({ days: 3 }).startOf("day");
    feeds.set("/cal/alfama.ics", { body: airbnbCalendar([{ uid: "mt-1@airbnb.com", start: checkIn.toISODate()!, end: checkIn.plus({ days: 2 }).toISODate()!, code: "HMMATTER01", phoneLast4: "0456" }]) });
    world.feed(property.id, { url: feeds.url("/cal/alfama.ics?s=matter-token") });
    await runDue();
    const stay = deps.db.select().from(stays).where(eq(stays.propertyId, property.id)).get()!;
    await updateStay(deps, accountId, stay.id, { guestPhone: "+351912345456" }, { actor: "test", edit: "stay.guest_contact" });
    await runDue();
    const planned = deps.db.select().from(accessCodes).where(eq(accessCodes.stayId, stay.id)).get()!;
    expect(planned.state).toBe("planned");
    expect([1, 2, 3].map((s) => net.credentialAt(0, s))).toEqual([false, false, false]);
    expect(deps.db.select().from(messages).where(eq(messages.stayId, stay.id)).all()).toEqual([]);

    deps.clock.set(planned.programAt!);
    await runDue();
    const active = deps.db.select().from(accessCodes).where(eq(accessCodes.id, planned.id)).get()!;
    const pin = deps.box.decrypt(active.pinEnc, codePinAd(active.id));
    expect(active).toMatchObject({ state: "active", providerCodeId: String(active.slot) });
    expect(net.credentialAt(0, active.slot!)).toBe(true);
    const [message] = deps.db.select().from(messages).where(eq(messages.stayId, stay.id)).all();
    expect(deps.box.decrypt(message!.bodyEnc, messageBodyAssociatedData(message!.id))).toContain(pin);
    expect(active.confirmedAt!.getTime()).toBeLessThanOrEqual(message!.createdAt.getTime());

    // The guest types the PIN at the lock's keypad: the lock emits LockOperation (Keypad, user index = the slot).
    deps.clock.set(new Date(active.validFrom.getTime() + 3_600_000));
    expect(await net.keypad(0, pin)).toBe(true);
    await vi.waitFor(() => expect(doorLog().filter((e) => e.kind === "unlocked")).toHaveLength(1), { timeout: 30_000, interval: 100 });
    const [unlock] = doorLog();
    expect(doorLog()).toHaveLength(1);
    expect(unlock).toMatchObject({ provider: "matter", kind: "unlocked", method: "keypad", slot: active.slot, accessCodeId: active.id, actor: "guest", stayId: stay.id });
    expect(JSON.stringify(unlock)).not.toContain(pin);
    await vi.waitFor(() => expect(deps.db.select().from(stays).where(eq(stays.id, stay.id)).get()!.checkedInAt).not.toBeNull(), { timeout: 10_000 });

    // The same event again (a resubscribe's replay carries the node's same event number) is stored once.
    const unlockHeard = heard.find((e) => e.name === "lockOperation")!;
    expect(await recordMatterEvent(deps, connection.id, unlockHeard)).toEqual([]);
    // A real resubscribe: the controller stops, the listeners' rescan starts it again from its sealed store and
    // subscribes; a wrong PIN after it arrives behind anything replayed.
    stopHearing();
    await fabrics.forget(connection.id);
    await listeners.rescan();
    expect(fabrics.isRunning(connection.id)).toBe(true);
    expect(await net.keypad(0, "000000")).toBe(false);
    await vi.waitFor(() => expect(doorLog().filter((e) => e.kind === "access_denied")).toHaveLength(1), { timeout: 30_000, interval: 100 });
    expect(doorLog().filter((e) => e.kind === "unlocked")).toHaveLength(1);
    expect(doorLog().find((e) => e.kind === "access_denied")).toMatchObject({ method: "keypad", accessCodeId: null });

    // Someone clears the guest's PIN at the lock itself, and the bolt jams: both reach the door log, the first as
    // Seam's "deleted outside staykey" does, on the code that was in that slot.
    await net.clearAtKeypad(0, active.slot!);
    await net.jam(0);
    await vi.waitFor(() => expect(doorLog().map((e) => e.kind)).toEqual(expect.arrayContaining(["code_deleted_externally", "jammed"])), { timeout: 30_000, interval: 100 });
    expect(doorLog().find((e) => e.kind === "code_deleted_externally")).toMatchObject({ slot: active.slot, accessCodeId: active.id, stayId: stay.id });

    deps.clock.set(active.validTo);
    await runDue();
    expect(deps.db.select().from(accessCodes).where(eq(accessCodes.id, planned.id)).get()!.state).toBe("revoked");
    expect(net.credentialAt(0, active.slot!)).toBe(false);
    // Only what happened at the door: staykey's own programming and removal left no "changed outside staykey".
    expect(doorLog().map((e) => e.kind).sort()).toEqual(["access_denied", "code_deleted_externally", "jammed", "unlocked"]);
    const trail = JSON.stringify(deps.db.select().from(auditEvents).all());
    expect(trail).toContain("matter");
    expect(trail).not.toContain(pin);

    // Deleting the connection (its lock removed first) takes staykey's fabric off the lock and stops its controller.
    expect(net.fabricsOn(0)).toBe(1);
    await expect(deleteConnection(deps, accountId, connection.id)).rejects.toMatchObject({ kind: "conflict" });
    deleteLock(deps, accountId, lock.id);
    expect(await deleteConnection(deps, accountId, connection.id)).toEqual({ locksNotReached: 0 });
    expect(net.fabricsOn(0)).toBe(0);
    expect(fabrics.isRunning(connection.id)).toBe(false);
    expect(deps.db.select().from(providerConnections).where(eq(providerConnections.id, connection.id)).get()).toBeUndefined();
  }, 180_000);
});
