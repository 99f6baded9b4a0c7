import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syncFeed } from "../../src/services/calendar/sync-feed";
import { startFeedServer, type FeedServer } from "../peers/feed-server";
import { testServiceDeps } from "../support/service-deps";
import { SHARED_CORPUS, sharedCorpusPresent, skipWithoutSharedCorpus } from "../support/shared-corpus";
import { addFeed, feedRow, seedProperty, staysOfFeed } from "./sync-harness";

const dir = SHARED_CORPUS;

let server: FeedServer | undefined;
beforeAll(async () => {
  if (sharedCorpusPresent) server = await startFeedServer();
});
afterAll(() => server?.close());

describe("syncFeed over the shared platform exports (../shared/fixtures/ical/platforms)", () => {
  skipWithoutSharedCorpus();
  // Counts match the parser's corpus suite; the clock sits before every booking so none is "past".
  it.each([
    ["airbnb-current-crlf.ics", "airbnb", 25, 3],
    ["airbnb-legacy-0.8.8.ics", "airbnb", 8, 13],
    ["airbnb-rolling-block.ics", "airbnb", 4, 4],
    ["airbnb-blocked-only.ics", "airbnb", 0, 2],
    ["airbnb-six-listings-merged.ics", "airbnb", 173, 3],
    ["booking-com.ics", "booking", 2, 0],
    ["booking-com-empty.ics", "booking", 0, 0],
    ["morningcroissant-empty.ics", "generic", 0, 0],
    ["ownerrez-timed.ics", "generic", 1, 0],
  ] as const)("turns %s (%s) into %i reservations and %i blocks, gzip-served, and re-syncs it as unchanged", async (file, source, reservations, blocks) => {
    const deps = testServiceDeps({ now: "2020-01-01T00:00:00Z" });
    const route = `/corpus/${file}`;
    server!.set(route, { body: readFileSync(path.join(dir, "platforms", file)), gzip: true });
    const feedId = addFeed(deps, await seedProperty(deps, "Europe/Paris"), server!.url(route));
    const outcome = await syncFeed(deps, feedId);
    expect(outcome).toMatchObject({ result: "changed", source, counts: { created: reservations + blocks } });
    const rows = staysOfFeed(deps, feedId);
    expect(rows.filter((s) => s.kind === "reservation")).toHaveLength(reservations);
    expect(rows.filter((s) => s.kind === "block")).toHaveLength(blocks);
    expect(rows.every((s) => s.status === "confirmed" && s.checkInAt < s.checkOutAt)).toBe(true);
    expect(feedRow(deps, feedId)).toMatchObject({ status: "ok", source, lastEventCount: reservations + blocks });
    expect(await syncFeed(deps, feedId)).toMatchObject({ result: "unchanged", reason: "same_content" });
  });

  it("keeps OwnerRez's published check-in and checkout times instead of the property's defaults", async () => {
    const deps = testServiceDeps({ now: "2020-01-01T00:00:00Z" });
    server!.set("/corpus/ownerrez", { body: readFileSync(path.join(dir, "platforms", "ownerrez-timed.ics")) });
    const feedId = addFeed(deps, await seedProperty(deps, "Europe/Paris"), server!.url("/corpus/ownerrez"));
    await syncFeed(deps, feedId);
    const [stay] = staysOfFeed(deps, feedId);
    expect(stay!.checkInAt.toISOString()).toBe("2022-05-10T14:00:00.000Z");
    expect(stay!.checkOutAt.toISOString()).toBe("2023-02-23T10:00:00.000Z");
  });
});
