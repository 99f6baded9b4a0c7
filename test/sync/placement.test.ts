import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alerts } from "../../src/db/schema";
import { syncFeed } from "../../src/services/calendar/sync-feed";
import { startFeedServer, type FeedServer } from "../peers/feed-server";
import { testServiceDeps } from "../support/service-deps";
import { airbnbCalendar, airbnbUid, bookingComCalendar, vrboCalendar } from "./calendars";
import { addFeed, enqueued, seedProperty, staysOfFeed, staysOfProperty, unplanned } from "./sync-harness";

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(() => server.close());

describe("syncFeed places stays in the property's time zone across DST changes", () => {
  it.each([
    // US DST ends Sun 1 Nov 2026: check-in at 16:00 EDT (UTC-4), checkout at 11:00 EST (UTC-5).
    ["America/New_York", "2026-10-30", "2026-11-03", "2026-10-30T20:00:00.000Z", "2026-11-03T16:00:00.000Z"],
    // EU DST ends Sun 25 Oct 2026: 16:00 CEST (UTC+2) in, 11:00 CET (UTC+1) out.
    ["Europe/Berlin", "2026-10-23", "2026-10-27", "2026-10-23T14:00:00.000Z", "2026-10-27T10:00:00.000Z"],
    // Sydney DST starts Sun 4 Oct 2026: 16:00 AEST (UTC+10) in, 11:00 AEDT (UTC+11) out.
    ["Australia/Sydney", "2026-10-02", "2026-10-06", "2026-10-02T06:00:00.000Z", "2026-10-06T00:00:00.000Z"],
  ])("in %s a stay from %s to %s gets the right instants", async (timezone, start, end, checkInAt, checkOutAt) => {
    const deps = testServiceDeps({ now: "2026-09-01T12:00:00Z" });
    const path = `/dst/${timezone.replace("/", "-")}.ics`;
    server.set(path, { body: airbnbCalendar([{ uid: airbnbUid(7), start, end, code: "HMDSTDST01" }]) });
    const feedId = addFeed(deps, await seedProperty(deps, timezone), server.url(path));
    await syncFeed(deps, feedId);
    const [stay] = staysOfFeed(deps, feedId);
    expect(stay).toMatchObject({ checkInDate: start, checkOutDate: end });
    expect(stay!.checkInAt.toISOString()).toBe(checkInAt);
    expect(stay!.checkOutAt.toISOString()).toBe(checkOutAt);
  });
});

describe("syncFeed with Airbnb, VRBO and Booking.com feeds on one property", () => {
  const nights = { start: "2026-09-10", end: "2026-09-14" };
  const setup = async () => {
    const deps = testServiceDeps({ now: "2026-09-01T12:00:00Z" });
    const place = await seedProperty(deps, "Europe/Berlin");
    server.set("/echo/airbnb.ics", { body: airbnbCalendar([{ uid: airbnbUid(42), ...nights, code: "HMECHO0042", phoneLast4: "7788" }]) });
    server.set("/echo/vrbo.ics", { body: vrboCalendar([{ uid: "b7c1@vrbo.com", ...nights, blocked: true }, { uid: "c8d2@vrbo.com", start: "2026-09-20", end: "2026-09-23", guest: "Ana Müller" }]) });
    server.set("/echo/booking.ics", { body: bookingComCalendar([{ uid: "d9e3@booking.com", ...nights }, { uid: "e0f4@booking.com", start: "2026-09-20", end: "2026-09-23" }]) });
    const feeds = {
      airbnb: addFeed(deps, place, server.url("/echo/airbnb.ics")),
      vrbo: addFeed(deps, place, server.url("/echo/vrbo.ics")),
      booking: addFeed(deps, place, server.url("/echo/booking.ics")),
    };
    return { deps, place, feeds };
  };
  const bookingsOf = (rows: ReturnType<typeof staysOfProperty>) => rows.filter((s) => s.status === "confirmed" && s.echoOfStayId === null && s.kind !== "block");

  it("keeps one booking with the guest info and marks the other platforms' copies as its echoes, whatever the sync order", async () => {
    for (const order of [["airbnb", "vrbo", "booking"], ["booking", "vrbo", "airbnb"]] as const) {
      const { deps, place, feeds } = await setup();
      for (const platform of order) await syncFeed(deps, feeds[platform]);
      const all = staysOfProperty(deps, place.propertyId);
      const sept10 = all.filter((s) => s.checkInDate === nights.start);
      const original = sept10.find((s) => s.feedId === feeds.airbnb)!;
      expect(original).toMatchObject({ reservationCode: "HMECHO0042", guestPhoneLast4: "7788", echoOfStayId: null, conflict: false });
      expect(sept10.filter((s) => s.id !== original.id).map((s) => s.echoOfStayId)).toEqual([original.id, original.id]);
      // The VRBO reservation and its Booking.com CLOSED copy on 20 Sep are one booking too.
      const bookings = bookingsOf(all);
      expect(bookings.map((s) => [s.checkInDate, s.guestName])).toEqual([[nights.start, null], ["2026-09-20", "Ana Müller"]]);
      expect(all.every((s) => !s.conflict)).toBe(true);
    }
  });

  it("re-plans a stay that becomes an echo, so the planner can drop its guest code", async () => {
    const { deps, feeds } = await setup();
    await syncFeed(deps, feeds.booking);
    const closed = staysOfFeed(deps, feeds.booking).find((s) => s.checkInDate === nights.start)!;
    expect(closed).toMatchObject({ kind: "reservation", echoOfStayId: null, version: 1 });
    await syncFeed(deps, feeds.airbnb);
    const after = staysOfFeed(deps, feeds.booking).find((s) => s.id === closed.id)!;
    expect(after.echoOfStayId).not.toBeNull();
    expect(after.version).toBe(2);
    expect(unplanned(deps)).toContain(`${closed.id}@2`);
  });

  it("flags two real reservations on overlapping nights as a conflict", async () => {
    const { deps, place, feeds } = await setup();
    server.set("/echo/vrbo-double.ics", { body: vrboCalendar([{ uid: "f1@vrbo.com", start: "2026-09-12", end: "2026-09-16", guest: "Double Booker" }]) });
    const vrbo2 = addFeed(deps, place, server.url("/echo/vrbo-double.ics"));
    await syncFeed(deps, feeds.airbnb);
    await syncFeed(deps, vrbo2);
    const flagged = staysOfProperty(deps, place.propertyId).filter((s) => s.conflict);
    expect(flagged.map((s) => s.feedId).sort()).toEqual([feeds.airbnb, vrbo2].sort());

    // The host hears about the double booking once, and it clears when the overlap is gone.
    const conflictAlerts = () => deps.db.select().from(alerts).where(eq(alerts.kind, "stay_conflict")).all();
    await syncFeed(deps, vrbo2, { force: true });
    expect(conflictAlerts()).toMatchObject([{ status: "open", severity: "critical", subjectId: place.propertyId }]);
    expect(enqueued(deps, "alerts.notify")).toHaveLength(1);
    server.set("/echo/vrbo-double.ics", { body: vrboCalendar([{ uid: "f1@vrbo.com", start: "2026-10-12", end: "2026-10-16", guest: "Double Booker" }]) });
    await syncFeed(deps, vrbo2);
    expect(conflictAlerts()).toMatchObject([{ status: "resolved" }]);
  });
});
