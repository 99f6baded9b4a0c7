import { eq } from "drizzle-orm";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessCodes, auditEvents, lockEvents, messages, stays } from "../../src/db/schema";
import { jobDefinitions, type JobName } from "../../src/jobs/definitions";
import { JobStore } from "../../src/jobs/embedded/job-store";
import { processJob, silentLogger } from "../../src/jobs/processor";
import type { JobHandler } from "../../src/jobs/port";
import { createReconciler } from "../../src/jobs/reconciler";
import { createSimulatedLockStore } from "../../src/providers/locks/simulated";
import { createLockProviderResolver } from "../../src/runtime/lock-providers";
import { jobProcessors } from "../../src/runtime/processors";
import { reconcileSources } from "../../src/runtime/reconcile-sources";
import { codePinAd } from "../../src/services/access/code-records";
import { recordZwaveJsEvent } from "../../src/services/door/zwave-js-door-events";
import { ZwaveJsClient } from "../../src/providers/locks/zwave-js";
import { createConnection } from "../../src/services/locks/connections";
import { messageBodyAssociatedData } from "../../src/services/delivery/message-rows";
import { updateStay } from "../../src/services/stays/update-stay";
import { startFeedServer, type FeedServer } from "../peers/feed-server";
import { startZwaveJsServer, type ZwaveJsPeer } from "../peers/zwave-js-server";
import { testServiceDeps } from "../support/service-deps";
import { testWorld } from "../support/world";
import { airbnbCalendar } from "../sync/calendars";

const ZONE = "America/New_York";
let zw: ZwaveJsPeer;
let feeds: FeedServer;

beforeAll(async () => {
  [zw, feeds] = await Promise.all([startZwaveJsServer({ locks: [{ nodeId: 5, users: 20 }] }), startFeedServer()]);
}, 60_000);
afterAll(async () => {
  await zw?.stop();
  await feeds?.close();
});

describe("a synced stay on a Z-Wave lock served by zwave-js-server", () => {
  it("lands the code on the node, confirms it before the guest message, and clears it after checkout", async () => {
    const deps = testServiceDeps({ env: { STAYKEY_LOCK_ALLOW_HOSTS: "127.0.0.1" } });
    deps.lockProvider = createLockProviderResolver(deps, createSimulatedLockStore());
    const reconciler = createReconciler({ db: deps.db, queue: deps.jobs, sources: reconcileSources, clock: deps.clock });
    const handlers = jobProcessors(deps, reconciler) as Record<string, JobHandler<never>>;
    const store = new JobStore(deps.db.$client);
    const queues = [...new Set(Object.values(jobDefinitions).map((d) => d.queue))];
    /** A reconcile pass (it asks for the feed's due sync), then the embedded runner's passes on the test clock. */
    const runDue = async () => {
      await reconciler.run();
      for (let pass = 0; pass < 20; pass++) {
        const now = deps.clock.now().getTime();
        const claimed = queues.flatMap((q) => store.claim(q, 50, "test", now, 60_000));
        if (claimed.length === 0) return;
        for (const job of claimed) {
          const def = jobDefinitions[job.name as JobName];
          try {
            await processJob(def, handlers[job.name]!, JSON.parse(job.payload), { jobId: job.id, attempt: job.attempts, signal: new AbortController().signal }, silentLogger);
            store.complete(job.id, "test", now);
          } catch (err) {
            store.retry(job.id, "test", now + 60_000, (err as Error).message, now);
          }
        }
      }
    };

    const world = testWorld(deps);
    const { accountId } = await world.account({ name: "Z-Wave host" });
    const property = world.property(accountId, { name: "Harbour cottage", timezone: ZONE });
    const connection = await createConnection(deps, accountId, { provider: "zwave_js", name: "Z-Wave JS UI", config: { url: zw.url } });
    const lock = world.lock(property.id, { name: "Front door", provider: "zwave_js", providerDeviceId: "5", connectionId: connection.id, slotCapacity: 3 });
    expect(lock.nativeSchedules).toBe(false);

    const checkIn = DateTime.fromJSDate(deps.clock.now(), { zone: ZONE }).plus({ days: 3 }).startOf("day");
    feeds.set("/cal/harbour.ics", { body: airbnbCalendar([{ uid: "zw-1@airbnb.com", start: checkIn.toISODate()!, end: checkIn.plus({ days: 2 }).toISODate()!, code: "HMZWAVE001", phoneLast4: "0123" }]) });
    world.feed(property.id, { url: feeds.url("/cal/harbour.ics?s=zwave-token") });
    await runDue();

    const stay = deps.db.select().from(stays).where(eq(stays.propertyId, property.id)).get()!;
    expect(stay).toBeDefined();
    await updateStay(deps, accountId, stay.id, { guestPhone: "+14155550123" }, { actor: "test", edit: "stay.guest_contact" });
    await runDue();
    const planned = deps.db.select().from(accessCodes).where(eq(accessCodes.stayId, stay.id)).get()!;
    expect(planned.state).toBe("planned");
    // A slot lock gets its code at window start, not before: nothing on the node, no message yet.
    expect([1, 2, 3].map((s) => zw.usercode(5, s))).toEqual([undefined, undefined, undefined]);
    expect(deps.db.select().from(messages).where(eq(messages.stayId, stay.id)).all()).toEqual([]);

    deps.clock.set(planned.programAt!);
    await runDue();
    const active = deps.db.select().from(accessCodes).where(eq(accessCodes.id, planned.id)).get()!;
    const pin = deps.box.decrypt(active.pinEnc, codePinAd(active.id));
    expect(active).toMatchObject({ state: "active", providerCodeId: String(active.slot) });
    expect(zw.usercode(5, active.slot!)).toBe(pin);
    const [message] = deps.db.select().from(messages).where(eq(messages.stayId, stay.id)).all();
    expect(message).toBeDefined();
    expect(deps.box.decrypt(message!.bodyEnc, messageBodyAssociatedData(message!.id))).toContain(pin);
    // Confirmed first: the code was read back from the node before the message that carries it was written.
    expect(active.confirmedAt!.getTime()).toBeLessThanOrEqual(message!.createdAt.getTime());

    // The guest opens the door with it: the lock's keypad-unlock notification, pushed by the server to staykey's
    // subscription, is door activity attributed to this stay's code by its slot.
    const client = new ZwaveJsClient({ url: zw.url, connectBackoffMs: 50 });
    const stored: Promise<unknown>[] = [];
    let connected!: () => void;
    const ready = new Promise<void>((r) => (connected = r));
    const stop = client.listen((event) => {
      if (event.event === "connected") connected();
      stored.push(recordZwaveJsEvent(deps, connection.id, event));
    });
    await ready;
    await zw.notify(5, 0x06, active.slot!);
    for (let i = 0; i < 50 && deps.db.select().from(lockEvents).all().length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    await Promise.all(stored);
    stop();
    expect(deps.db.select().from(lockEvents).all()).toEqual([
      expect.objectContaining({ lockId: lock.id, kind: "unlocked", method: "keypad", slot: active.slot, accessCodeId: active.id, stayId: stay.id, provider: "zwave_js" }),
    ]);

    deps.clock.set(active.validTo);
    await runDue();
    expect(deps.db.select().from(accessCodes).where(eq(accessCodes.id, planned.id)).get()!.state).toBe("revoked");
    expect(zw.usercode(5, active.slot!)).toBeUndefined();
    const trail = JSON.stringify(deps.db.select().from(auditEvents).all());
    expect(trail).toContain("zwave_js");
    expect(trail).not.toContain(pin);
  }, 60_000);
});
