import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessCodes, alerts, locks, type AlertKind } from "../../src/db/schema";
import { newId } from "../../src/lib/ids";
import { SeamLockProvider } from "../../src/providers/locks";
import { codeAlertKeys } from "../../src/services/access/alerts";
import { reportConflicts } from "../../src/services/calendar/conflict-alerts";
import { updateSuspectAlert } from "../../src/services/calendar/suspect-alert";
import { scheduleGuestCodeMessages } from "../../src/services/delivery";
import { runDailyCheck, checkInNotReadyKey } from "../../src/services/health/daily-check";
import { checkFeedHealth, feedFailingKey, feedStaleKey } from "../../src/services/health/feed-health-alerts";
import { runLockHealthJob } from "../../src/services/health/lock-health-job";
import { applyLockReading, batteryAlertKey, offlineAlertKey } from "../../src/services/health/lock-reading";
import type { LockInput } from "../../src/services/locks/locks";
import { createAccessHarness, type AccessHarness } from "../access/access-harness";
import { deliveryHarness } from "../delivery/harness";
import { startSeamFake, type SeamFake } from "../peers/seam-fake";
import { TwilioEmulator } from "../peers/twilio-emulator";
import { alertWorld, type AlertWorld } from "./alert-world";
import { seamDoorWorldOn } from "../door/door-world";
import { runDoorSweep } from "../../src/services/door/door-sweep";
import { noArrivalKey } from "../../src/services/door/arrival";
import type { DoorAlertKind } from "../../src/domain/door/door-security";
import { checkGuestReach, guestUnreachableKey } from "../../src/services/guests/guest-reach";
import { updateStay } from "../../src/services/stays/update-stay";
import { testServiceDeps } from "../support/service-deps";
import { testWorld } from "../support/world";
import { webhookDeliveries } from "../../src/db/schema";
import { jobIdFor } from "../../src/jobs/job-ids";
import { jobKeys } from "../../src/jobs/job-keys";
import { createWebhookEndpoint, publishWebhookEvent, updateWebhookEndpoint, webhookAlertKey } from "../../src/services/webhooks";
import { deliverWebhook } from "../../src/services/webhooks/deliver-webhook";

/**
 * Every alert staykey can raise, raised by its real trigger and resolved by the event that ends its trouble. The
 * tables are typed by alert kind and by the code lifecycle's dedupe keys: a new kind or key without a resolving case
 * does not compile.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let fake: SeamFake;
beforeAll(async () => {
  fake = await startSeamFake();
});
afterAll(async () => {
  await fake.stop();
});

/** The alert under this key, across all accounts of the test's own database. */
function alertFor(db: AccessHarness["db"], key: string) {
  const rows = db.select().from(alerts).where(eq(alerts.dedupeKey, key)).all();
  expect(rows.map((r) => r.dedupeKey), `an alert under ${key}`).toEqual([key]);
  return rows[0]!;
}
const expectOpen = (db: AccessHarness["db"], key: string) => expect(alertFor(db, key).status).toBe("open");
const expectResolved = (db: AccessHarness["db"], key: string) => expect(alertFor(db, key)).toMatchObject({ status: "resolved", resolvedAt: expect.any(Date) });

/** A host with one Seam lock (a door of its own on the fake) at the harness's property. */
async function seamLock(lockSpec: Partial<LockInput> = {}) {
  const h = await createAccessHarness((_lock, onCall) => new SeamLockProvider({
    apiKey: fake.apiKey, baseUrl: fake.baseUrl, retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 5, timeoutMs: 5_000 }, onCall,
  }));
  const device = fake.addLockDevice(`Door ${newId("lock")}`);
  fake.setDeviceOnline(device, true);
  const lock = h.addLock({ provider: "seam", providerDeviceId: device, nativeSchedules: true, ...lockSpec });
  const inHours = (n: number) => new Date(h.clock.now().getTime() + n * HOUR).toISOString();
  const guestCode = (stayId: string) => h.codesOf({ stayId, purpose: "guest" }).at(-1)!;
  /** Plays the device: confirms the codes it holds in `setting` that `which` picks. */
  const confirm = (which: (providerCodeId: string) => boolean = () => true) => {
    for (const ac of fake.accessCodes(device)) if (ac.status !== "set" && which(ac.access_code_id)) fake.confirmCode(ac.access_code_id);
  };
  const settle = async () => {
    h.clock.advance(5 * MINUTE);
    await h.runDue();
  };
  /** The 30-minute lock-health job: device read, lapsed code alerts, reconcile of the codes on the lock. */
  const lockHealth = async () => {
    await runLockHealthJob(h.deps, lock.id);
    h.clock.advance(30 * MINUTE);
    await h.runDue();
  };
  return { h, db: h.db, device, lock, inHours, guestCode, confirm, settle, lockHealth };
}

/** A guest arriving in `hours` (inside the 24 h program lead) whose code is set and confirmed on the lock. */
async function activeGuest(w: Awaited<ReturnType<typeof seamLock>>, hours = 20) {
  const stayId = w.h.addStay(w.inHours(hours), w.inHours(hours + 72));
  await w.h.plan(stayId);
  await w.h.runDue();
  w.confirm();
  await w.settle();
  expect(w.guestCode(stayId).state).toBe("active");
  return stayId;
}

/** A guest arriving within the backup margin whose code the lock has not confirmed, with no spare ready: backup_missing. */
async function strandedGuest(w: Awaited<ReturnType<typeof seamLock>>) {
  const stayId = w.h.addStay(w.inHours(1), w.inHours(72));
  await w.h.plan(stayId);
  await w.h.runDue();
  await w.settle();
  expectOpen(w.db, codeAlertKeys.backupMissing(stayId, w.lock.id));
  return stayId;
}

/** A guest whose code the lock refused. */
async function refusedGuest(w: Awaited<ReturnType<typeof seamLock>>) {
  const stayId = w.h.addStay(w.inHours(20), w.inHours(100));
  await w.h.plan(stayId);
  await w.h.runDue();
  const own = w.guestCode(stayId);
  fake.failCode(own.providerCodeId!);
  await w.settle();
  expect(w.guestCode(stayId).state).toBe("failed");
  expectOpen(w.db, codeAlertKeys.failed(own.id));
  return { stayId, own };
}

/** An active guest whose stay then changes while Seam refuses the first request the change makes. */
async function changeRefusedBySeam(w: Awaited<ReturnType<typeof seamLock>>, patch: Parameters<AccessHarness["changeStay"]>[1]) {
  const stayId = await activeGuest(w);
  const code = w.guestCode(stayId);
  fake.injectFaults({ status: 400, body: { error: { type: "invalid_input", message: "refused by the test" } } });
  await w.h.changeStay(stayId, patch);
  await w.h.runDue();
  return { stayId, code };
}

/** Seam as the host's own app (or the vendor's) sees it, outside staykey. */
const vendorApp = () => new SeamLockProvider({ apiKey: fake.apiKey, baseUrl: fake.baseUrl });

interface Case {
  /** The event that ends the trouble, as the test name says it. */
  ending: string;
  run(): Promise<void>;
}

const codeKeyCases: Record<keyof typeof codeAlertKeys, Case[]> = {
  failed: [
    {
      ending: "a new code for the stay is confirmed on that lock",
      async run() {
        const w = await seamLock();
        const { stayId, own } = await refusedGuest(w);
        await w.h.changeStay(stayId, { lateCheckOutAt: new Date(w.inHours(101)) });
        await w.h.runDue();
        w.confirm();
        await w.settle();
        expect(w.guestCode(stayId)).toMatchObject({ state: "active" });
        expectResolved(w.db, codeAlertKeys.failed(own.id));
      },
    },
    {
      ending: "the stay is over (the lock-health pass)",
      async run() {
        const w = await seamLock();
        const { own } = await refusedGuest(w);
        w.h.clock.set(new Date(own.validTo.getTime() + MINUTE));
        await w.lockHealth();
        expectResolved(w.db, codeAlertKeys.failed(own.id));
      },
    },
  ],
  notRemoved: [
    {
      ending: "the lock reads back without it (removed by hand)",
      async run() {
        const w = await seamLock();
        const { stayId, code } = await changeRefusedBySeam(w, { status: "cancelled" });
        expectOpen(w.db, codeAlertKeys.notRemoved(code.id));
        await vendorApp().deleteCode(w.device, code.providerCodeId!);
        await w.lockHealth();
        expect(w.guestCode(stayId).state).toBe("revoked");
        expectResolved(w.db, codeAlertKeys.notRemoved(code.id));
      },
    },
  ],
  window: [
    {
      ending: "the lock takes the new dates on the next lock-health pass",
      async run() {
        const w = await seamLock();
        const { stayId, code } = await changeRefusedBySeam(w, { lateCheckOutAt: new Date(w.inHours(110)) });
        expectOpen(w.db, codeAlertKeys.window(code.id));
        await w.lockHealth();
        const onLock = await vendorApp().getCode(w.device, code.providerCodeId!);
        expect(onLock.endsAt).toEqual(w.guestCode(stayId).validTo);
        expectResolved(w.db, codeAlertKeys.window(code.id));
      },
    },
  ],
  plan: [
    {
      ending: "a later plan of the stay finds a PIN the lock accepts",
      async run() {
        const w = await seamLock({ constraints: { rules: ["cannot_specify_pin_code"] } });
        const stayId = w.h.addStay(w.inHours(30), w.inHours(100));
        await w.h.plan(stayId);
        expectOpen(w.db, codeAlertKeys.plan(stayId, w.lock.id));
        w.db.update(locks).set({ constraints: {} }).where(eq(locks.id, w.lock.id)).run();
        await w.h.changeStay(stayId, { guestName: "Ana" });
        await w.h.runDue("access-codes.plan-stay");
        expectResolved(w.db, codeAlertKeys.plan(stayId, w.lock.id));
      },
    },
  ],
  backupMissing: [
    {
      ending: "the stay's own code is confirmed",
      async run() {
        const w = await seamLock();
        const stayId = await strandedGuest(w);
        const own = w.guestCode(stayId);
        w.confirm((id) => id === own.providerCodeId);
        await w.settle();
        expect(w.guestCode(stayId).state).toBe("active");
        expectResolved(w.db, codeAlertKeys.backupMissing(stayId, w.lock.id));
      },
    },
    {
      ending: "a spare is handed to the stay",
      async run() {
        const w = await seamLock();
        const stayId = await strandedGuest(w);
        const own = w.guestCode(stayId);
        w.confirm((id) => id !== own.providerCodeId);
        await w.settle();
        await w.settle();
        expect(w.h.codesOf({ purpose: "backup" }).filter((c) => c.assignedStayId === stayId)).toMatchObject([{ state: "active" }]);
        expectResolved(w.db, codeAlertKeys.backupMissing(stayId, w.lock.id));
      },
    },
    {
      ending: "the stay is cancelled",
      async run() {
        const w = await seamLock();
        const stayId = await strandedGuest(w);
        await w.h.changeStay(stayId, { status: "cancelled" });
        await w.h.runDue();
        expectResolved(w.db, codeAlertKeys.backupMissing(stayId, w.lock.id));
      },
    },
  ],
  slotsExhausted: [
    {
      ending: "a cancelled stay frees the slot it would have taken",
      async run() {
        const w = await seamLock({ nativeSchedules: false, slotCapacity: 1 });
        const first = w.h.addStay(w.inHours(24), w.inHours(72));
        const second = w.h.addStay(w.inHours(48), w.inHours(96));
        await w.h.plan(first);
        await w.h.plan(second);
        expectOpen(w.db, codeAlertKeys.slotsExhausted(w.lock.id));
        await w.h.changeStay(second, { status: "cancelled" });
        await w.h.runDue("access-codes.plan-stay");
        expectResolved(w.db, codeAlertKeys.slotsExhausted(w.lock.id));
      },
    },
  ],
  unknownCode: [
    {
      ending: "the host removes the code from the lock",
      async run() {
        const w = await seamLock();
        const seam = vendorApp();
        const foreign = await seam.createCode(w.device, { name: "Owner's own", pin: "246813" });
        await w.lockHealth();
        expectOpen(w.db, codeAlertKeys.unknownCode(w.lock.id, foreign.codeId));
        await seam.deleteCode(w.device, foreign.codeId);
        await w.lockHealth();
        expectResolved(w.db, codeAlertKeys.unknownCode(w.lock.id, foreign.codeId));
      },
    },
  ],
};

/** The alert world's lock and feed rules, each raised and cleared through the service that judges it. */
async function hostWorld() {
  const w = await alertWorld({ now: "2030-03-01T00:00:00Z" });
  return { w, db: w.db, lock: w.addLock({ provider: "simulated", providerDeviceId: `sim-${newId("lock")}` }), feed: w.addFeed("Airbnb") };
}

function lockReadingCase(kind: AlertKind, low: number | false): Case {
  return {
    ending: low === false ? "the lock reports online again" : "the lock reports a fresh battery",
    async run() {
      const { w, db, lock } = await hostWorld();
      const key = low === false ? offlineAlertKey(lock.id) : batteryAlertKey(lock.id);
      applyLockReading(w.deps, lock, low === false ? { online: false } : { batteryLevel: low });
      expect(alertFor(db, key)).toMatchObject({ kind, status: "open" });
      applyLockReading(w.deps, lock, low === false ? { online: true } : { batteryLevel: 1 });
      expectResolved(db, key);
    },
  };
}

/** A feed judged after `breakIt` (failures in a row, or silence), then after a good sync. */
function feedHealthCase(keyOf: (feedId: string) => string, breakIt: (w: AlertWorld, feedId: string) => void): Case {
  return {
    ending: "a sync succeeds",
    async run() {
      const { w, db, feed } = await hostWorld();
      breakIt(w, feed.id);
      await checkFeedHealth(w.deps, feed.id);
      expectOpen(db, keyOf(feed.id));
      w.succeedSync(feed.id);
      await checkFeedHealth(w.deps, feed.id);
      expectResolved(db, keyOf(feed.id));
    },
  };
}

const PHONE = "+14155550123";

/** Delivery on loopback, with a property 08:00 local in New York (the daily check's hour) and a guest arriving tonight. */
async function guestArrivingTonight(opts: { twilio?: TwilioEmulator } = {}) {
  const h = await deliveryHarness({ now: "2030-03-01T13:00:00Z", ...opts });
  const { propertyId, lockId } = h.seed.property();
  const checkIn = new Date("2030-03-01T21:00:00Z");
  const checkOut = new Date("2030-03-04T16:00:00Z");
  const stayId = h.seed.stay(propertyId, { checkInAt: checkIn, checkOutAt: checkOut, guestPhone: PHONE });
  const codeId = h.seed.code({ propertyId, lockId, stayId, pin: "583914", state: "active", validFrom: checkIn, validTo: checkOut });
  return { h, db: h.deps.db, propertyId, stayId, codeId, checkIn, checkOut };
}

/**
 * Door activity's alerts, raised from Seam's own events (the fake's database) through the signed webhook. The
 * security ones end when the door has been quiet for a day (the door sweep); not arriving ends with the arrival.
 */
function doorQuietCase(kind: AlertKind, raise: (w: Awaited<ReturnType<typeof seamDoorWorldOn>>) => Promise<void>): Case[] {
  return [{
    ending: "a day passes with no repeat (the door sweep)",
    async run() {
      const w = await seamDoorWorldOn(fake);
      await raise(w);
      const [raised] = w.alertsOf(kind);
      expectOpen(w.db, raised!.dedupeKey);
      w.clock.advance(23 * HOUR);
      await runDoorSweep(w.deps);
      expectOpen(w.db, raised!.dedupeKey);
      w.clock.advance(2 * HOUR);
      await runDoorSweep(w.deps);
      expectResolved(w.db, raised!.dedupeKey);
    },
  }];
}
const seamKeypad = (w: Awaited<ReturnType<typeof seamDoorWorldOn>>, extra: Record<string, unknown>) =>
  w.seamWebhook(fake.addEvent({ event_type: "lock.unlocked", device_id: w.device, method: "keycode", occurred_at: w.clock.now().toISOString(), ...extra }));
const doorCases: Record<"no_arrival" | DoorAlertKind, Case[]> = {
  no_arrival: [{
    ending: "the guest's code opens the door",
    async run() {
      const w = await seamDoorWorldOn(fake);
      await w.seamWebhook(fake.addEvent({ event_type: "lock.unlocked", device_id: w.device, method: "manual", occurred_at: w.at(-10).toISOString() }));
      w.clock.advance(6 * HOUR);
      await runDoorSweep(w.deps);
      expectOpen(w.db, noArrivalKey(w.stay.id));
      await seamKeypad(w, { access_code_id: w.code.providerCodeId });
      expectResolved(w.db, noArrivalKey(w.stay.id));
    },
  }],
  revoked_code_used: doorQuietCase("revoked_code_used", async (w) => {
    w.db.update(accessCodes).set({ state: "revoked", revokedAt: w.at(-0.5) }).where(eq(accessCodes.id, w.code.id)).run();
    await seamKeypad(w, { access_code_id: w.code.providerCodeId });
  }),
  code_outside_window: doorQuietCase("code_outside_window", async (w) => {
    const later = w.world.stay(w.propertyId, { checkInAt: w.at(90), checkOutAt: w.at(120) });
    await seamKeypad(w, { access_code_id: w.world.code(w.lock.id, { stayId: later.id, state: "active", providerCodeId: newId("code") }).providerCodeId });
  }),
  unknown_keypad_code: doorQuietCase("unknown_keypad_code", (w) => seamKeypad(w, { access_code_id: newId("code") }).then(() => undefined)),
  keypad_brute_force: doorQuietCase("keypad_brute_force", async (w) => {
    for (let i = 0; i < 5; i++) await w.seamWebhook(fake.addEvent({ event_type: "lock.access_denied", device_id: w.device, occurred_at: w.clock.now().toISOString() }));
  }),
  lock_tampered: doorQuietCase("lock_tampered", async (w) => {
    await w.seamWebhook(fake.addEvent({ event_type: "device.tampered", device_id: w.device, occurred_at: w.clock.now().toISOString() }));
  }),
};

const kindCases: Record<AlertKind, Case[]> = {
  ...doorCases,
  code_failed: [codeKeyCases.failed, codeKeyCases.notRemoved, codeKeyCases.window, codeKeyCases.plan, codeKeyCases.backupMissing].flat(),
  slots_exhausted: codeKeyCases.slotsExhausted,
  unknown_code: codeKeyCases.unknownCode,
  feed_failing: [feedHealthCase(feedFailingKey, (w, feedId) => w.failSync(feedId, 3))],
  feed_stale: [feedHealthCase(feedStaleKey, (w) => w.clock.advance(7 * HOUR))],
  feed_suspect: [{
    ending: "a sync looks normal again",
    async run() {
      const { w, db, feed } = await hostWorld();
      await updateSuspectAlert(w.deps, feed, { reason: "empty_feed", detail: "0 events where there were 12" });
      expectOpen(db, `feed_suspect:${feed.id}`);
      await updateSuspectAlert(w.deps, feed, undefined);
      expectResolved(db, `feed_suspect:${feed.id}`);
    },
  }],
  stay_conflict: [{
    ending: "a sync no longer finds the overlap",
    async run() {
      const { w, db } = await hostWorld();
      const [a, b] = [newId("stay"), newId("stay")].sort();
      await reportConflicts(w.deps, { accountId: w.accountId, propertyId: w.propertyId }, [[a!, b!]]);
      expectOpen(db, `stay_conflict:${a}:${b}`);
      await reportConflicts(w.deps, { accountId: w.accountId, propertyId: w.propertyId }, []);
      expectResolved(db, `stay_conflict:${a}:${b}`);
    },
  }],
  lock_offline: [lockReadingCase("lock_offline", false)],
  battery_low: [lockReadingCase("battery_low", 0.2)],
  battery_critical: [lockReadingCase("battery_critical", 0.05)],
  delivery_failed: [{
    ending: "a resend on the same channel gets through",
    async run() {
      const twilio = await TwilioEmulator.start();
      const { h, db, stayId } = await guestArrivingTonight({ twilio });
      try {
        twilio.outcomeFor(PHONE, { final: "undelivered", errorCode: 30003 });
        await scheduleGuestCodeMessages(h.deps, stayId);
        await h.runDueJobs();
        await twilio.idle();
        expectOpen(db, `delivery_failed:${stayId}`);
        twilio.outcomeFor(PHONE, { final: "delivered" });
        expect((await h.api("POST", `/api/v1/messages/${h.messageRows()[0]!.id}/resend`, {})).status).toBe(202);
        await h.runDueJobs();
        await twilio.idle();
        expectResolved(db, `delivery_failed:${stayId}`);
      } finally {
        await h.close();
        await twilio.close();
      }
    },
  }],
  webhook_failing: [{
    ending: "the host enables the endpoint again",
    async run() {
      const deps = testServiceDeps({ env: { STAYKEY_WEBHOOK_ALLOW_HOSTS: "127.0.0.1", STAYKEY_WEBHOOK_DISABLE_AFTER_HOURS: "1" } });
      const { accountId } = await testWorld(deps).account();
      const actor = { accountId, userId: null };
      // Nothing listens on the discard port: every attempt is refused.
      const { row } = await createWebhookEndpoint(deps, actor, { url: "http://127.0.0.1:9/hook", eventTypes: ["stay.created"] });
      await publishWebhookEvent(deps, { accountId, type: "stay.created", key: "stay_x:v1", data: { id: "stay_x" } });
      const attempt = async () => {
        const delivery = deps.db.select().from(webhookDeliveries).get()!;
        await deliverWebhook(deps, { deliveryId: delivery.id }, { jobId: jobIdFor("webhooks.deliver", jobKeys.webhookDelivery(delivery)), attempt: 1, signal: new AbortController().signal });
      };
      await attempt();
      expect(deps.db.select().from(alerts).all()).toEqual([]);
      deps.clock.advance(2 * HOUR);
      await attempt();
      expectOpen(deps.db, webhookAlertKey(row.id));
      await updateWebhookEndpoint(deps, actor, row.id, { enabled: true });
      expectResolved(deps.db, webhookAlertKey(row.id));
    },
  }],
  guest_unreachable: [{
    ending: "the host adds the guest's phone (a guest leaving it on the guest page, or opening the page, does the same: test/guests)",
    async run() {
      const deps = testServiceDeps();
      const world = testWorld(deps);
      const { accountId } = await world.account();
      const property = world.property(accountId);
      const stay = world.stay(property.id, { checkInAt: new Date(deps.clock.now().getTime() + 20 * HOUR), checkOutAt: new Date(deps.clock.now().getTime() + 90 * HOUR) });
      world.code(world.lock(property.id).id, { stayId: stay.id, state: "active" });
      await checkGuestReach(deps);
      expectOpen(deps.db, guestUnreachableKey(stay.id));
      await updateStay(deps, accountId, stay.id, { guestPhone: "+14155550123" }, { actor: "test", edit: "stay.guest_contact" });
      expectResolved(deps.db, guestUnreachableKey(stay.id));
    },
  }],
  check_in_not_ready: [
    {
      ending: "the code message goes out",
      async run() {
        const { h, db, propertyId, stayId } = await guestArrivingTonight();
        try {
          await runDailyCheck(h.deps, propertyId);
          expect(alertFor(db, checkInNotReadyKey(stayId))).toMatchObject({ status: "open", detail: "Missing: code message not sent to the guest." });
          await scheduleGuestCodeMessages(h.deps, stayId);
          await h.runDueJobs();
          expectResolved(db, checkInNotReadyKey(stayId));
        } finally {
          await h.close();
        }
      },
    },
    {
      ending: "the code on the last lock is confirmed",
      async run() {
        const { h, db, propertyId, stayId, checkIn, checkOut } = await guestArrivingTonight();
        try {
          await scheduleGuestCodeMessages(h.deps, stayId);
          await h.runDueJobs();
          const backDoor = h.seed.lock(propertyId, "Back door");
          const second = h.seed.code({ propertyId, lockId: backDoor, stayId, pin: "583914", state: "programming", validFrom: checkIn, validTo: checkOut });
          await runDailyCheck(h.deps, propertyId);
          expect(alertFor(db, checkInNotReadyKey(stayId))).toMatchObject({ status: "open", detail: "Missing: code not confirmed on Back door." });
          h.seed.setCodeState(second, "active");
          await h.deps.events.emit({ type: "guest-code.ready", stayId });
          expectResolved(db, checkInNotReadyKey(stayId));
        } finally {
          await h.close();
        }
      },
    },
  ],
};

describe("every alert is resolved by the event that ends its trouble", () => {
  for (const [kind, cases] of Object.entries(kindCases)) {
    describe(kind, () => {
      it("has at least one resolving case", () => expect(cases.length).toBeGreaterThan(0));
      for (const c of cases) it(`is resolved when ${c.ending}`, () => c.run());
    });
  }
});
