import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { feeds, properties, stays } from "../../src/db/schema";
import { updatePropertySettings } from "../../src/services/calendar/property-times";
import { syncFeed } from "../../src/services/calendar/sync-feed";
import { startFeedServer, type FeedServer } from "../peers/feed-server";
import { testServiceDeps } from "../support/service-deps";
import { testWorld } from "../support/world";
import { airbnbCalendar } from "./calendars";
import { addFeed, feedRow, seedProperty, staysOfFeed } from "./sync-harness";

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(() => server.close());

async function world() {
  const deps = testServiceDeps({ now: "2026-09-01T12:00:00Z" });
  const place = await seedProperty(deps, "America/New_York");
  const path = `/calendar/ical/times-${Math.random().toString(36).slice(2)}.ics?s=times-token`;
  server.set(path, { body: airbnbCalendar([{ uid: "times-1@airbnb.com", start: "2026-09-08", end: "2026-09-13", code: "HMTIMES001", phoneLast4: "1111" }]), etag: true });
  const feedId = addFeed(deps, place, server.url(path));
  const property = () => deps.db.select().from(properties).where(eq(properties.id, place.propertyId)).get()!;
  const addManual = (id: string, checkInDate: string, checkOutDate: string, checkInAt: string, checkOutAt: string) =>
    testWorld(deps).stay(place.propertyId, { id, kind: "manual", checkInDate, checkOutDate, checkInAt, checkOutAt });
  return { deps, place, feedId, property, addManual };
}

describe("changing a property's check-in time or zone moves its stays", () => {
  it("re-reads its feeds (validators cleared, due now) and the sync then places the stays at the new time", async () => {
    const { deps, feedId, property } = await world();
    await syncFeed(deps, feedId);
    expect(feedRow(deps, feedId).etag).not.toBeNull();
    // 16:00 EDT on 8 Sep is 20:00Z.
    expect(staysOfFeed(deps, feedId)[0]!.checkInAt.toISOString()).toBe("2026-09-08T20:00:00.000Z");

    deps.clock.advance(60_000);
    expect(updatePropertySettings(deps.db, deps.clock, property(), { checkInTime: "14:00" })).toEqual({ feedsToRead: 1, manualStaysMoved: 0 });
    expect(feedRow(deps, feedId)).toMatchObject({ etag: null, lastModified: null, contentHash: null, nextSyncAt: deps.clock.now() });

    expect(await syncFeed(deps, feedId)).toMatchObject({ result: "changed", counts: { updated: 1 } });
    expect(staysOfFeed(deps, feedId)[0]).toMatchObject({ checkInAt: new Date("2026-09-08T18:00:00.000Z"), version: 2 });
  });

  it("places upcoming manual stays again and bumps them for the planner; past ones and other settings leave everything alone", async () => {
    const { deps, feedId, property, addManual } = await world();
    addManual("stay_manual_next", "2026-09-20", "2026-09-22", "2026-09-20T20:00:00Z", "2026-09-22T15:00:00Z");
    addManual("stay_manual_past", "2026-08-20", "2026-08-22", "2026-08-20T20:00:00Z", "2026-08-22T15:00:00Z");
    const before = feedRow(deps, feedId);

    expect(updatePropertySettings(deps.db, deps.clock, property(), { name: "Renamed" })).toEqual({ feedsToRead: 0, manualStaysMoved: 0 });
    expect(feedRow(deps, feedId)).toEqual(before);

    expect(updatePropertySettings(deps.db, deps.clock, property(), { timezone: "Europe/Berlin" })).toEqual({ feedsToRead: 1, manualStaysMoved: 1 });
    const byId = (id: string) => deps.db.select().from(stays).where(eq(stays.id, id)).get()!;
    // 16:00 and 11:00 in Berlin (CEST, UTC+2).
    expect(byId("stay_manual_next")).toMatchObject({ checkInAt: new Date("2026-09-20T14:00:00Z"), checkOutAt: new Date("2026-09-22T09:00:00Z"), version: 2, plannedVersion: 0 });
    expect(byId("stay_manual_past")).toMatchObject({ checkInAt: new Date("2026-08-20T20:00:00Z"), version: 1 });
    expect(deps.db.select().from(properties).where(eq(properties.id, property().id)).get()).toMatchObject({ timezone: "Europe/Berlin", name: "Renamed" });
    expect(deps.db.select({ status: feeds.status }).from(feeds).where(eq(feeds.id, feedId)).get()).toEqual({ status: before.status });
  });
});
