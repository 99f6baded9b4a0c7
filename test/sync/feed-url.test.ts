import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { feeds } from "../../src/db/schema";
import { createSecretBox } from "../../src/lib/crypto";
import { feedUrlAd } from "../../src/services/calendar/feed-url-ad";
import { syncFeed } from "../../src/services/calendar/sync-feed";
import { startFeedServer, type FeedServer } from "../peers/feed-server";
import { testServiceDeps } from "../support/service-deps";
import { airbnbCalendar, airbnbUid } from "./calendars";
import { addFeed, seedProperty, staysOfFeed } from "./sync-harness";

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer();
  const body = airbnbCalendar([{ uid: airbnbUid(1), start: "2026-09-08", end: "2026-09-10", code: "HMURL00001" }]);
  server.set("/first.ics", { body, etag: true });
  server.set("/second.ics", { body, etag: true });
});
afterAll(() => server.close());

describe("the feed URL a sync fetches", () => {
  it("is the one sealed on the row now: a URL sealed anew (the demo's moved host) is fetched, not one opened before", async () => {
    const deps = testServiceDeps({ now: "2026-09-01T12:00:00Z" });
    const feedId = addFeed(deps, await seedProperty(deps), server.url("/first.ics?s=tok"));
    await syncFeed(deps, feedId);
    deps.db.update(feeds).set({ urlEnc: deps.box.encrypt(server.url("/second.ics?s=tok"), feedUrlAd(feedId)) }).where(eq(feeds.id, feedId)).run();
    deps.clock.advance(10 * 60_000);
    await syncFeed(deps, feedId);
    expect([server.requests("/first.ics").length, server.requests("/second.ics").length]).toEqual([1, 1]);
  });

  it("fails to open under another secret, even right after a sync opened it under the right one, and keeps the stays", async () => {
    const deps = testServiceDeps({ now: "2026-09-01T12:00:00Z" });
    const feedId = addFeed(deps, await seedProperty(deps), server.url("/first.ics?s=tok2"));
    await syncFeed(deps, feedId);
    const other = { ...deps, box: createSecretBox("another-secret-another-secret-another") };
    expect(await syncFeed(other, feedId)).toMatchObject({ result: "failed", reason: "decrypt" });
    expect(staysOfFeed(deps, feedId)).toHaveLength(1);
  });
});
