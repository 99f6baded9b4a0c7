import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alerts } from "../../src/db/schema";
import { syncFeed } from "../../src/services/calendar/sync-feed";
import { startFeedServer, type FeedRoute, type FeedServer } from "../peers/feed-server";
import { testServiceDeps } from "../support/service-deps";
import { airbnbCalendar, airbnbUid, type BookingSpec } from "./calendars";
import { addFeed, auditRows, enqueued, feedRow, seedProperty, staysOfFeed } from "./sync-harness";

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(() => server.close());

const bookings: BookingSpec[] = [1, 2, 3, 4].map((n) => ({
  uid: airbnbUid(n),
  start: `2026-09-${String(n * 5).padStart(2, "0")}`,
  end: `2026-09-${String(n * 5 + 2).padStart(2, "0")}`,
  code: `HMCODE000${n}`,
}));
const good = airbnbCalendar(bookings);

let counter = 0;
async function syncedFeed() {
  const deps = testServiceDeps({ now: "2026-09-01T12:00:00Z", feedFetch: { timeoutMs: 400 } });
  const place = await seedProperty(deps);
  const path = `/calendar/ical/out-${++counter}.ics?s=outage-token-${counter}`;
  const feedId = addFeed(deps, place, server.url(path));
  server.set(path, { body: good });
  expect(await syncFeed(deps, feedId)).toMatchObject({ result: "changed", counts: { created: 4 } });
  const serve = (route: FeedRoute) => server.set(path, route);
  return { deps, place, feedId, serve, sync: () => syncFeed(deps, feedId) };
}

const truncated = good.slice(0, good.indexOf("END:VEVENT", good.length / 2));

describe("syncFeed when the platform misbehaves", () => {
  it.each<[string, FeedRoute, string, RegExp]>([
    ["a 500", { status: 500, body: "oops" }, "http_status", /answered HTTP 500/],
    ["a total timeout", { hang: true }, "timeout", /./],
    ["an HTML page with 200", { body: "<!DOCTYPE html><html><head><title>Page not found</title></head><body>gone</body></html>", headers: { "content-type": "text/html" } }, "html", /HTML page/],
    ["an empty 200", { body: "" }, "empty_body", /empty/],
    ["a body cut before END:VCALENDAR", { body: truncated }, "truncated", /without END:VCALENDAR/],
    ["a connection dropped mid-body", { body: good, abortAfterBytes: 300 }, "network", /./],
  ])("keeps every stay on %s, counts the failure and stores the reason without the URL", async (_label, route, reason, detail) => {
    const { deps, feedId, serve, sync } = await syncedFeed();
    const before = staysOfFeed(deps, feedId);
    serve(route);
    const outcome = await sync();
    expect(outcome).toMatchObject({ result: "failed", reason, consecutiveFailures: 1 });
    expect(outcome.result === "failed" && outcome.detail).toMatch(detail);
    expect(staysOfFeed(deps, feedId)).toEqual(before);
    const feed = feedRow(deps, feedId);
    expect(feed).toMatchObject({ status: "failing", consecutiveFailures: 1 });
    expect(feed.lastError).toMatch(new RegExp(`^${reason}: `));
    expect(feed.lastError).not.toContain("outage-token");
    expect(feed.lastSuccessAt?.toISOString()).toBe("2026-09-01T12:00:00.000Z");
    // The next attempt is still scheduled, and nothing was planned for stays that did not change.
    expect(enqueued(deps, "calendar-sync.sync-feed").some((j) => j.runAt.getTime() === feed.nextSyncAt!.getTime())).toBe(true);
    expect(enqueued(deps, "access-codes.plan-property")).toHaveLength(1);
    expect(auditRows(deps).at(-1)).toMatchObject({ outcome: "error", detail: { result: "failed", reason } });
    expect(JSON.stringify(auditRows(deps))).not.toContain("outage-token");
  });

  it.each<[string, FeedRoute, number]>([
    ["a 429 asking for an hour in seconds", { status: 429, body: "slow down", headers: { "retry-after": "3600" } }, 60],
    ["a 503 asking until a date, read against its own Date header", { status: 503, body: "maintenance", headers: { date: "Tue, 01 Sep 2026 12:00:00 GMT", "retry-after": "Tue, 01 Sep 2026 14:00:00 GMT" } }, 120],
    ["a 429 asking for a week, held to a day", { status: 429, body: "", headers: { "retry-after": String(7 * 86_400) } }, 24 * 60],
  ])("waits as long as %s before syncing again, not the usual interval", async (_label, route, minutes) => {
    const { deps, feedId, serve, sync } = await syncedFeed();
    serve(route);
    const queuedBefore = new Set(enqueued(deps, "calendar-sync.sync-feed").map((j) => j.id));
    const outcome = await sync();
    expect(outcome).toMatchObject({ result: "failed", reason: "http_status", httpStatus: route.status, consecutiveFailures: 1 });
    expect(outcome.result === "failed" && outcome.detail).toMatch(new RegExp(`answered HTTP ${route.status} and asked for ${minutes} min before the next try`));
    const feed = feedRow(deps, feedId);
    expect(feed.nextSyncAt!.getTime() - deps.clock.now().getTime()).toBe(minutes * 60_000);
    // The failed sync queues no retry of its own before then (the reconciler enqueues syncs from nextSyncAt).
    const queuedNow = enqueued(deps, "calendar-sync.sync-feed").filter((j) => !queuedBefore.has(j.id));
    expect(queuedNow.filter((j) => j.runAt.getTime() < feed.nextSyncAt!.getTime())).toEqual([]);
  });

  it("keeps the usual interval for a 429 without Retry-After, and for a Retry-After on any other status", async () => {
    for (const route of [{ status: 429, body: "" }, { status: 500, body: "", headers: { "retry-after": "3600" } }] satisfies FeedRoute[]) {
      const { deps, feedId, serve, sync } = await syncedFeed();
      serve(route);
      const outcome = await sync();
      expect(outcome.result === "failed" && outcome.detail).not.toMatch(/asked for/);
      const wait = feedRow(deps, feedId).nextSyncAt!.getTime() - deps.clock.now().getTime();
      // Ten minutes, give or take the feed's jitter of a tenth.
      expect(wait).toBeGreaterThanOrEqual(9 * 60_000);
      expect(wait).toBeLessThanOrEqual(11 * 60_000);
    }
  });

  it("writes the failure and the retry's job in one transaction, like any other sync outcome", async () => {
    const { deps, serve, sync } = await syncedFeed();
    serve({ status: 500 });
    const enqueue = deps.jobs.enqueue.bind(deps.jobs);
    const insideTransaction: boolean[] = [];
    deps.jobs.enqueue = ((...args: Parameters<typeof enqueue>) => {
      insideTransaction.push(deps.db.$client.inTransaction);
      return enqueue(...args);
    }) as typeof deps.jobs.enqueue;
    expect(await sync()).toMatchObject({ result: "failed", reason: "http_status" });
    // Embedded driver: the job row commits with the feed row, so no crash can leave a failing feed unscheduled.
    expect(insideTransaction).toEqual([true]);
  });

  it("counts consecutive failures and resets them, with the reason, on recovery", async () => {
    const { deps, feedId, serve, sync } = await syncedFeed();
    serve({ status: 503, body: "" });
    await sync();
    await sync();
    expect(await sync()).toMatchObject({ result: "failed", consecutiveFailures: 3 });
    serve({ body: good });
    await sync();
    expect(feedRow(deps, feedId)).toMatchObject({ status: "ok", consecutiveFailures: 0, lastError: null });
    expect(staysOfFeed(deps, feedId).every((s) => s.status === "confirmed" && s.missingCount === 0)).toBe(true);
  });

  it("recovers on a 304 too: the feed answered, so the failure streak is over", async () => {
    const { deps, feedId, serve, sync } = await syncedFeed();
    serve({ body: good, etag: '"v1"' });
    await sync();
    serve({ status: 500 });
    await sync();
    serve({ body: good, etag: '"v1"' });
    expect(await sync()).toMatchObject({ result: "unchanged", reason: "not_modified" });
    expect(feedRow(deps, feedId)).toMatchObject({ status: "ok", consecutiveFailures: 0, lastError: null });
  });

  it("never mass-cancels when a well-formed feed comes back empty, and raises feed_suspect once", async () => {
    const { deps, feedId, serve, sync } = await syncedFeed();
    serve({ body: airbnbCalendar([]) });
    const outcome = await sync();
    expect(outcome).toMatchObject({ result: "changed", suspect: { reason: "empty_feed" }, counts: { cancelled: 0, missing: 0 } });
    await sync();
    await sync();
    expect(staysOfFeed(deps, feedId).every((s) => s.status === "confirmed")).toBe(true);
    expect(feedRow(deps, feedId)).toMatchObject({ status: "suspect", lastEventCount: 4, emptyFetchStreak: 3 });
    const open = deps.db.select().from(alerts).all();
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ kind: "feed_suspect", status: "open", subjectId: feedId, dedupeKey: `feed_suspect:${feedId}` });
    expect(open[0]!.detail).not.toContain("outage-token");
    expect(enqueued(deps, "alerts.notify")).toHaveLength(1);

    serve({ body: good });
    await sync();
    expect(feedRow(deps, feedId)).toMatchObject({ status: "ok", emptyFetchStreak: 0 });
    expect(deps.db.select().from(alerts).all()[0]).toMatchObject({ status: "resolved" });
  });

  it("keeps the stays when most of them vanish at once", async () => {
    const { deps, feedId, serve, sync } = await syncedFeed();
    serve({ body: airbnbCalendar(bookings.slice(0, 1)) });
    await sync();
    expect(await sync()).toMatchObject({ result: "changed", suspect: { reason: "mass_disappearance" }, counts: { cancelled: 0 } });
    expect(staysOfFeed(deps, feedId).every((s) => s.status === "confirmed")).toBe(true);
    expect(deps.db.select().from(alerts).all()).toMatchObject([{ kind: "feed_suspect", status: "open" }]);
  });
});
