import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Resolver } from "../../src/lib/net/guarded-lookup";
import { syncFeed } from "../../src/services/calendar/sync-feed";
import { startFeedServer, type FeedServer } from "../peers/feed-server";
import { testServiceDeps, type TestServiceDepsOptions } from "../support/service-deps";
import { airbnbCalendar, airbnbUid } from "./calendars";
import { addFeed, auditRows, feedRow, seedProperty, staysOfFeed } from "./sync-harness";

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer();
  server.set("/cal.ics", { body: airbnbCalendar([{ uid: airbnbUid(1), start: "2026-09-08", end: "2026-09-10", code: "HMSSRF0001" }]) });
});
afterAll(() => server.close());

/** A name that the attacker's DNS points at loopback. */
const toLoopback: Resolver = async () => [{ address: "127.0.0.1", family: 4 }];

async function attempt(url: string, opts: TestServiceDepsOptions) {
  const deps = testServiceDeps({ now: "2026-09-01T12:00:00Z", ...opts });
  const feedId = addFeed(deps, await seedProperty(deps), url);
  const connectionsBefore = server.connectionCount();
  const outcome = await syncFeed(deps, feedId);
  return { deps, feedId, outcome, connected: server.connectionCount() - connectionsBefore };
}

describe("syncFeed refuses feed URLs that reach inside the network", () => {
  it.each<[string, () => string, TestServiceDepsOptions]>([
    ["127.0.0.1 without an allow-list", () => server.url("/cal.ics?s=tok-ssrf"), { allowHosts: "" }],
    ["[::1]", () => `http://[::1]:${server.port}/cal.ics?s=tok-ssrf`, { allowHosts: "" }],
    ["the cloud metadata address 169.254.169.254", () => "http://169.254.169.254/latest/meta-data?s=tok-ssrf", { allowHosts: "" }],
    ["a 10.x address", () => "http://10.1.2.3/cal.ics?s=tok-ssrf", { allowHosts: "" }],
    ["a DNS name that resolves to loopback", () => `http://calendar.attacker.test:${server.port}/cal.ics?s=tok-ssrf`, { allowHosts: "", feedFetch: { resolver: toLoopback } }],
  ])("refuses %s, records the failure and never connects", async (_label, url, opts) => {
    const { deps, feedId, outcome, connected } = await attempt(url(), opts);
    expect(outcome).toMatchObject({ result: "failed", reason: "blocked_address", consecutiveFailures: 1 });
    expect(connected).toBe(0);
    const feed = feedRow(deps, feedId);
    expect(feed).toMatchObject({ status: "failing", consecutiveFailures: 1 });
    expect(feed.lastError).toMatch(/^blocked_address: .* not allowed/);
    expect(JSON.stringify([feed.lastError, auditRows(deps), outcome])).not.toContain("tok-ssrf");
    expect(staysOfFeed(deps, feedId)).toEqual([]);
  });

  it.each([
    ["loopback", () => server.url("/cal.ics")],
    ["a private address", () => "http://10.0.0.7/cal.ics"],
  ])("follows no redirect to %s, even from an allowed host", async (_label, target) => {
    // The operator allowed this host by name; where it redirects to must still be public.
    server.set("/hop.ics", { status: 302, redirectTo: target() });
    const url = `http://feeds.partner.test:${server.port}/hop.ics?s=tok-ssrf`;
    const { deps, feedId, outcome } = await attempt(url, { allowHosts: "feeds.partner.test", feedFetch: { resolver: toLoopback } });
    expect(outcome).toMatchObject({ result: "failed", reason: "blocked_address" });
    expect(server.requests("/cal.ics").filter((r) => r.headers.host?.startsWith("127.0.0.1"))).toHaveLength(0);
    expect(feedRow(deps, feedId).lastError).not.toContain("tok-ssrf");
  });

  it("fetches the same loopback feed once the operator allow-lists it", async () => {
    const { outcome } = await attempt(server.url("/cal.ics?s=tok-ssrf"), { allowHosts: "127.0.0.1" });
    expect(outcome).toMatchObject({ result: "changed", counts: { created: 1 } });
  });
});
