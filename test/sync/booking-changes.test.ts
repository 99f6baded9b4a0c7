import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { feeds, stays } from "../../src/db/schema";
import { createReconciler } from "../../src/jobs/reconciler";
import { calendarReconcileSources } from "../../src/services/calendar/reconcile-sources";
import { syncFeed } from "../../src/services/calendar/sync-feed";
import { startFeedServer, type FeedServer } from "../peers/feed-server";
import { testServiceDeps } from "../support/service-deps";
import { testWorld } from "../support/world";
import { airbnbCalendar, airbnbUid, type BookingSpec } from "./calendars";
import { addFeed, auditRows, enqueued, feedRow, planRequests, seedProperty, staysOfFeed, unplanned } from "./sync-harness";
import { openStay, sealGuestContact } from "../../src/services/contact-details/contact-details";

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(() => server.close());

const smith: BookingSpec = { uid: airbnbUid(1), start: "2026-09-08", end: "2026-09-13", code: "HMSMITH001", phoneLast4: "5054" };
const jones: BookingSpec = { uid: airbnbUid(2), start: "2026-09-20", end: "2026-09-22", code: "HMJONES002", phoneLast4: "1681" };
const lee: BookingSpec = { uid: airbnbUid(3), start: "2026-10-02", end: "2026-10-05", code: "HMLEE00003", phoneLast4: "2444" };

let counter = 0;
async function scenario() {
  const deps = testServiceDeps({ now: "2026-09-01T12:00:00Z" });
  const place = await seedProperty(deps, "America/New_York");
  const path = `/calendar/ical/${++counter}.ics?s=secret-token-${counter}`;
  const feedId = addFeed(deps, place, server.url(path));
  const serve = (bookings: BookingSpec[], extra: { dtstamp?: string; etag?: true } = {}) =>
    server.set(path, { body: airbnbCalendar(bookings, extra), ...(extra.etag ? { etag: true } : {}) });
  return { deps, place, feedId, path, serve, sync: (force = false) => syncFeed(deps, feedId, { force }) };
}

describe("syncFeed: bookings as they change on the platform", () => {
  it("keeps a guest name and phone the host entered when the feed carries none, and does not bump the version for it", async () => {
    const { deps, feedId, serve, sync } = await scenario();
    serve([smith]);
    await sync();
    const [stay] = staysOfFeed(deps, feedId);
    deps.db.update(stays).set({ guestName: "Pat Smith", ...sealGuestContact(deps.box, stay!.id, { guestPhone: "+12125550100" }) }).where(eq(stays.id, stay!.id)).run();
    serve([{ ...smith, end: "2026-09-14" }], { dtstamp: "20260902T000000Z" });
    await sync();
    expect(openStay(deps.box, staysOfFeed(deps, feedId)[0]!)).toMatchObject({ guestName: "Pat Smith", guestPhone: "+12125550100", checkOutDate: "2026-09-14", version: 2 });
    serve([{ ...smith, end: "2026-09-14" }], { dtstamp: "20260903T000000Z" });
    await sync(true);
    expect(staysOfFeed(deps, feedId)[0]).toMatchObject({ guestName: "Pat Smith", version: 2 });
  });

  it("creates a stay for a new booking with guest info, property-time instants and a plan job", async () => {
    const { deps, feedId, place, serve, sync } = await scenario();
    serve([smith]);
    const outcome = await sync();
    expect(outcome).toMatchObject({ result: "changed", source: "airbnb", events: 1, counts: { created: 1, updated: 0, cancelled: 0 } });
    const [stay] = staysOfFeed(deps, feedId);
    expect(stay).toMatchObject({
      externalUid: smith.uid,
      kind: "reservation",
      status: "confirmed",
      checkInDate: "2026-09-08",
      checkOutDate: "2026-09-13",
      reservationCode: "HMSMITH001",
      guestPhoneLast4: "5054",
      version: 1,
    });
    // 16:00 and 11:00 in New York (EDT, UTC-4).
    expect(stay!.checkInAt.toISOString()).toBe("2026-09-08T20:00:00.000Z");
    expect(stay!.checkOutAt.toISOString()).toBe("2026-09-13T15:00:00.000Z");
    expect(unplanned(deps)).toEqual([`${stay!.id}@1`]);
    expect(planRequests(deps)).toEqual([place.propertyId]);
    const feed = feedRow(deps, feedId);
    expect(feed).toMatchObject({ status: "ok", source: "airbnb", lastEventCount: 1, consecutiveFailures: 0, lastError: null });
    expect(feed.lastSuccessAt?.toISOString()).toBe("2026-09-01T12:00:00.000Z");
  });

  it("schedules the next sync at the feed's interval with a stable per-feed jitter, under a deterministic job id", async () => {
    const { deps, feedId, serve, sync } = await scenario();
    serve([smith]);
    const outcome = await sync();
    const next = feedRow(deps, feedId).nextSyncAt!;
    const offset = next.getTime() - deps.clock.now().getTime();
    expect(offset).toBeGreaterThanOrEqual(9 * 60_000);
    expect(offset).toBeLessThanOrEqual(11 * 60_000);
    expect(outcome.result === "changed" && outcome.nextSyncAt.getTime()).toBe(next.getTime());
    const [job] = enqueued(deps, "calendar-sync.sync-feed");
    expect(job).toMatchObject({ id: `sync-feed_${feedId}_t${next.getTime()}`, payload: { feedId } });
    expect(job!.runAt.getTime()).toBe(next.getTime());
  });

  it("moves the same stay when the dates change, bumping its version and planning it again", async () => {
    const { deps, feedId, serve, sync } = await scenario();
    serve([smith]);
    await sync();
    const [before] = staysOfFeed(deps, feedId);
    serve([{ ...smith, start: "2026-09-09", end: "2026-09-14" }]);
    const outcome = await sync();
    expect(outcome).toMatchObject({ result: "changed", counts: { created: 0, updated: 1 } });
    const after = staysOfFeed(deps, feedId);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: before!.id, checkInDate: "2026-09-09", checkOutDate: "2026-09-14", version: 2, status: "confirmed" });
    expect(unplanned(deps)).toEqual([`${before!.id}@2`]);
    // One request per sync that changed something, each for the versions it produced.
    expect(enqueued(deps, "access-codes.plan-property")).toHaveLength(2);
  });

  it("treats an extension re-issued under a new UID with the same reservation code as an update, not cancel + create", async () => {
    const { deps, feedId, serve, sync } = await scenario();
    serve([smith]);
    await sync();
    const [original] = staysOfFeed(deps, feedId);
    serve([{ ...smith, uid: airbnbUid(99), end: "2026-09-16" }]);
    const outcome = await sync();
    expect(outcome).toMatchObject({ result: "changed", counts: { created: 0, updated: 1, cancelled: 0 } });
    const all = staysOfFeed(deps, feedId);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ id: original!.id, externalUid: airbnbUid(99), uidAliases: [smith.uid], checkOutDate: "2026-09-16", status: "confirmed", version: 2 });
  });

  it("cancels a stay only after it is missing from two consecutive well-formed syncs", async () => {
    const { deps, feedId, serve, sync } = await scenario();
    serve([smith, jones]);
    await sync();
    serve([smith]);
    expect(await sync()).toMatchObject({ result: "changed", counts: { cancelled: 0, missing: 1 } });
    let gone = staysOfFeed(deps, feedId).find((s) => s.externalUid === jones.uid)!;
    expect(gone).toMatchObject({ status: "confirmed", missingCount: 1, version: 1 });
    // The very same body again: it must still be reconciled, or the second absence would never be counted.
    expect(await sync()).toMatchObject({ result: "changed", counts: { cancelled: 1 } });
    gone = staysOfFeed(deps, feedId).find((s) => s.externalUid === jones.uid)!;
    expect(gone).toMatchObject({ status: "cancelled", version: 2 });
    expect(gone.cancelledAt?.toISOString()).toBe("2026-09-01T12:00:00.000Z");
    expect(unplanned(deps)).toContain(`${gone.id}@2`);
    expect(staysOfFeed(deps, feedId).find((s) => s.externalUid === smith.uid)).toMatchObject({ status: "confirmed", version: 1 });
  });

  it("cancels at once when the feed says STATUS:CANCELLED", async () => {
    const { deps, feedId, serve, sync } = await scenario();
    serve([smith, jones]);
    await sync();
    serve([smith, { ...jones, cancelled: true }]);
    expect(await sync()).toMatchObject({ result: "changed", counts: { cancelled: 1 } });
    expect(staysOfFeed(deps, feedId).find((s) => s.externalUid === jones.uid)).toMatchObject({ status: "cancelled", version: 2 });
  });

  it("keeps a stay counted missing once when it comes back, and resets its counter", async () => {
    const { deps, feedId, serve, sync } = await scenario();
    serve([smith, jones]);
    await sync();
    serve([smith]);
    await sync();
    serve([smith, jones]);
    await sync();
    expect(staysOfFeed(deps, feedId).find((s) => s.externalUid === jones.uid)).toMatchObject({ status: "confirmed", missingCount: 0, version: 1 });
  });

  it("never touches a stay whose checkout has passed, even when the feed drops or moves it", async () => {
    const { deps, feedId, serve, sync } = await scenario();
    serve([smith, jones, lee]);
    await sync();
    deps.clock.set("2026-09-21T12:00:00Z");
    serve([{ ...jones, start: "2026-09-19", end: "2026-09-23" }, lee]);
    await sync();
    await sync();
    const past = staysOfFeed(deps, feedId).find((s) => s.externalUid === smith.uid)!;
    expect(past).toMatchObject({ status: "confirmed", missingCount: 0, version: 1, checkOutDate: "2026-09-13" });
    expect(past.updatedAt.toISOString()).toBe("2026-09-01T12:00:00.000Z");
  });

  it("answers a 304 to the stored ETag with no parse and no stay writes", async () => {
    const { deps, feedId, path, serve, sync } = await scenario();
    serve([smith], { etag: true });
    await sync();
    const etag = feedRow(deps, feedId).etag;
    expect(etag).toMatch(/^".+"$/);
    const before = staysOfFeed(deps, feedId);
    const jobsBefore = enqueued(deps, "access-codes.plan-property").map((j) => j.id);
    deps.clock.advance(10 * 60_000);
    const outcome = await sync();
    expect(outcome).toMatchObject({ result: "unchanged", reason: "not_modified" });
    expect(server.requests(path).at(-1)!.headers["if-none-match"]).toBe(etag);
    expect(staysOfFeed(deps, feedId)).toEqual(before);
    expect(enqueued(deps, "access-codes.plan-property").map((j) => j.id)).toEqual(jobsBefore);
    const feed = feedRow(deps, feedId);
    expect(feed.lastSyncAt?.toISOString()).toBe("2026-09-01T12:10:00.000Z");
    expect(feed.lastSuccessAt?.toISOString()).toBe("2026-09-01T12:10:00.000Z");
  });

  it("leaves an unchanged feed's next sync to the reconciler, whose pass enqueues it before it is due", async () => {
    const { deps, feedId, serve, sync } = await scenario();
    serve([smith], { etag: true });
    await sync();
    const syncJobs = () => enqueued(deps, "calendar-sync.sync-feed").map((j) => `${j.id} ${j.runAt.toISOString()}`);
    const first = syncJobs();
    expect(first).toHaveLength(1);
    deps.clock.advance(10 * 60_000);
    expect(await sync()).toMatchObject({ result: "unchanged", reason: "not_modified" });
    const next = feedRow(deps, feedId).nextSyncAt!;
    expect(syncJobs()).toEqual(first);
    const pass = await createReconciler({ db: deps.db, queue: deps.jobs, sources: calendarReconcileSources, clock: deps.clock }).run();
    expect(pass).toMatchObject({ createdByName: { "calendar-sync.sync-feed": 1 }, missingByName: {} });
    expect(syncJobs()).toEqual([...first, `sync-feed_${feedId}_t${next.getTime()} ${next.toISOString()}`]);
  });

  it("enqueues its own next sync when unchanged if the feed syncs more often than the reconciler passes", async () => {
    const { deps, feedId, serve, sync } = await scenario();
    deps.db.update(feeds).set({ syncIntervalMinutes: 5 }).where(eq(feeds.id, feedId)).run();
    serve([smith], { etag: true });
    await sync();
    deps.clock.advance(5 * 60_000);
    expect(await sync()).toMatchObject({ result: "unchanged", reason: "not_modified" });
    const next = feedRow(deps, feedId).nextSyncAt!;
    expect(enqueued(deps, "calendar-sync.sync-feed").filter((j) => j.runAt.getTime() === next.getTime()).map((j) => j.id)).toEqual([`sync-feed_${feedId}_t${next.getTime()}`]);
  });

  it("writes nothing when Airbnb re-sends the same bookings with a new DTSTAMP", async () => {
    const { deps, feedId, serve, sync } = await scenario();
    serve([smith, jones], { dtstamp: "20260901T080000Z" });
    await sync();
    const before = staysOfFeed(deps, feedId);
    serve([smith, jones], { dtstamp: "20260901T081500Z" });
    deps.clock.advance(10 * 60_000);
    expect(await sync()).toMatchObject({ result: "unchanged", reason: "same_content" });
    expect(staysOfFeed(deps, feedId)).toEqual(before);
    expect(unplanned(deps)).toHaveLength(2);
    expect(enqueued(deps, "access-codes.plan-property")).toHaveLength(1);
  });

  it("re-reads and re-places everything when forced, e.g. after the property's check-in time changed", async () => {
    const { deps, feedId, place, serve, sync } = await scenario();
    serve([smith], { etag: true });
    await sync();
    const { properties } = await import("../../src/db/schema");
    deps.db.update(properties).set({ checkInTime: "15:00" }).where(eq(properties.id, place.propertyId)).run();
    expect(await sync(true)).toMatchObject({ result: "changed", counts: { updated: 1 } });
    expect(staysOfFeed(deps, feedId)[0]!.checkInAt.toISOString()).toBe("2026-09-08T19:00:00.000Z");
  });

  it("enqueues nothing new when the same sync runs twice", async () => {
    const { deps, serve, sync } = await scenario();
    serve([smith, jones]);
    await sync();
    const first = enqueued(deps).map((j) => j.id).sort();
    await sync();
    expect(enqueued(deps).map((j) => j.id).sort()).toEqual(first);
  });

  it("audits every sync with counts and never the feed URL", async () => {
    const { deps, serve, sync } = await scenario();
    serve([smith]);
    await sync();
    await sync();
    const rows = auditRows(deps);
    expect(rows.map((r) => r.detail?.result)).toEqual(["changed", "unchanged"]);
    expect(rows[0]).toMatchObject({ action: "feed.sync", subjectType: "feed", outcome: "ok", detail: { created: 1, source: "airbnb" } });
    const everything = JSON.stringify([rows, enqueued(deps).map((j) => j.payload)]);
    expect(everything).not.toContain("secret-token");
    expect(everything).not.toContain(server.origin);
  });

  it("leaves stays entered by hand alone", async () => {
    const { deps, feedId, place, serve, sync } = await scenario();
    testWorld(deps).stay(place.propertyId, {
      id: "stay_manual000001", kind: "manual", checkInDate: "2026-11-01", checkOutDate: "2026-11-03", checkInAt: "2026-11-01T20:00:00Z", checkOutAt: "2026-11-03T16:00:00Z",
    });
    serve([smith]);
    await sync();
    expect(deps.db.select().from(stays).where(eq(stays.id, "stay_manual000001")).get()).toMatchObject({ status: "confirmed", version: 1 });
    expect(staysOfFeed(deps, feedId)).toHaveLength(1);
  });
});
