import { Socket } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type FeedServer, startFeedServer } from "../../../test/peers/feed-server";
import { parseAllowList } from "../../lib/net/address-policy";
import type { Resolver } from "../../lib/net/guarded-lookup";
import { type FetchResult, fetchFeed } from "./fetch-feed";

const TOKEN = "s3cr3t-t0ken";
const ICAL = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n";

// Test DNS: a "public" feed host and a rebinding name, both really on loopback.
const testDns: Resolver = async (hostname) => {
  const table: Record<string, string> = { "feeds.test": "127.0.0.1", "localhost": "127.0.0.1", "rebind.test": "127.0.0.1" };
  const address = table[hostname];
  if (!address) throw Object.assign(new Error("not found"), { code: "ENOTFOUND" });
  return [{ address, family: 4 }];
};

let v4: FeedServer;
let v6: FeedServer;
let sentinel: FeedServer; // on 127.0.0.2: any connection here means a redirect escaped the guard
beforeAll(async () => {
  [v4, v6, sentinel] = await Promise.all([
    startFeedServer(),
    startFeedServer({ host: "::1" }),
    startFeedServer({ host: "127.0.0.2" }),
  ]);
  for (const server of [v4, v6, sentinel]) server.set("/cal/feed.ics", { body: ICAL });
});
afterAll(() => Promise.all([v4.close(), v6.close(), sentinel.close()]));
afterEach(() => vi.restoreAllMocks());

function expectBlocked(result: FetchResult, reason = "blocked_address"): void {
  expect(result).toMatchObject({ status: "error", reason });
  if (result.status === "error") expect(result.detail).not.toContain(TOKEN);
}

describe("fetchFeed SSRF guard, with no allow list", () => {
  it("refuses loopback literals before opening any socket", async () => {
    const connect = vi.spyOn(Socket.prototype, "connect");
    const before = v4.connectionCount() + v6.connectionCount();
    for (const url of [
      `http://127.0.0.1:${v4.port}/cal/feed.ics?s=${TOKEN}`,
      `http://[::1]:${v6.port}/cal/feed.ics?s=${TOKEN}`,
      `http://0.0.0.0:${v4.port}/cal/feed.ics?s=${TOKEN}`, // Linux connects 0.0.0.0 to the local host
      `http://[::ffff:127.0.0.1]:${v4.port}/cal/feed.ics?s=${TOKEN}`,
      `http://2130706433:${v4.port}/cal/feed.ics`, // decimal spelling of 127.0.0.1
      `http://0x7f.1:${v4.port}/cal/feed.ics`,
    ]) {
      expectBlocked(await fetchFeed(url));
    }
    expect(connect).not.toHaveBeenCalled();
    expect(v4.connectionCount() + v6.connectionCount()).toBe(before);
  });

  it("refuses cloud metadata and private networks without sending a packet", async () => {
    const connect = vi.spyOn(Socket.prototype, "connect");
    for (const url of [
      "http://169.254.169.254/latest/meta-data",
      "http://10.0.0.1/",
      "http://172.16.5.4:8080/ical",
      "http://192.168.1.1/",
      "http://100.64.0.1/",
      "http://[fd00::1]/",
      "http://[fe80::1]/",
      "http://[::ffff:169.254.169.254]/latest/meta-data",
      "http://[64:ff9b::a00:1]/",
    ]) {
      const result = await fetchFeed(url, { connectTimeoutMs: 50, timeoutMs: 200 });
      expectBlocked(result);
    }
    expect(connect).not.toHaveBeenCalled();
  });

  it("refuses a DNS name that resolves to loopback, and never reaches the server", async () => {
    const before = v4.connectionCount();
    const result = await fetchFeed(`http://rebind.test:${v4.port}/cal/feed.ics?s=${TOKEN}`, { resolver: testDns });
    expectBlocked(result);
    if (result.status === "error") expect(result.detail).toContain("rebind.test");
    expect(v4.connectionCount()).toBe(before);
  });

  it.each(["file:///etc/passwd", "ftp://feeds.example/cal.ics", "gopher://127.0.0.1:70/", "webcal://www.airbnb.com/calendar/ical/1.ics"])(
    "refuses the %s scheme",
    async (url) => expectBlocked(await fetchFeed(url), "bad_scheme"),
  );

  it("refuses something that is not a URL without echoing it", async () => {
    const result = await fetchFeed(`not a url ${TOKEN}`);
    expectBlocked(result, "bad_url");
  });
});

describe("fetchFeed SSRF guard on redirects", () => {
  // Only the named feed host is trusted; the address it resolves to is not, so a redirect to
  // another name or a literal on loopback must be refused like any private address.
  const allowList = parseAllowList("feeds.test");
  const start = (path: string) => `http://feeds.test:${v4.port}${path}`;

  it("fetches from the allow-listed host, redirects on it included", async () => {
    v4.set("/go/same-host", { redirectTo: "/cal/feed.ics" });
    const result = await fetchFeed(start(`/go/same-host?s=${TOKEN}`), { allowList, resolver: testDns });
    expect(result).toMatchObject({ status: "ok", finalUrl: start("/cal/feed.ics") });
  });

  it.each([
    ["a loopback literal", () => `http://127.0.0.2:${sentinel.port}/cal/feed.ics`],
    ["localhost", () => `http://localhost:${sentinel.port}/cal/feed.ics`],
    ["cloud metadata", () => "http://169.254.169.254/latest/meta-data"],
    ["an IPv6 loopback", () => `http://[::1]:${v6.port}/cal/feed.ics`],
  ])("refuses a redirect to %s", async (_name, target) => {
    v4.set("/go/away", { redirectTo: target() });
    const before = { v6: v6.connectionCount(), sentinel: sentinel.connectionCount() };
    const result = await fetchFeed(start(`/go/away?s=${TOKEN}`), { allowList, resolver: testDns });
    expectBlocked(result);
    expect(sentinel.connectionCount()).toBe(before.sentinel);
    expect(v6.connectionCount()).toBe(before.v6);
  });

  it("refuses a redirect to another scheme", async () => {
    v4.set("/go/file", { redirectTo: "file:///etc/passwd" });
    const result = await fetchFeed(start("/go/file"), { allowList, resolver: testDns });
    expectBlocked(result, "bad_scheme");
    if (result.status === "error") expect(result.detail).toContain("feeds.test redirected to file:");
  });

  it("reaches the same loopback servers once the operator allows them, so the refusals above are the guard", async () => {
    const open = parseAllowList("127.0.0.0/8,::1/128");
    expect((await fetchFeed(v6.url("/cal/feed.ics"), { allowList: open })).status).toBe("ok");
    expect((await fetchFeed(sentinel.url("/cal/feed.ics"), { allowList: open })).status).toBe("ok");
    const viaName = await fetchFeed(`http://localhost:${v4.port}/cal/feed.ics`, { allowList: open, resolver: testDns });
    expect(viaName.status).toBe("ok");
  });
});

describe("fetchFeed keep-alive and the SSRF guard", () => {
  const allowList = parseAllowList("feeds.test");
  const url = () => `http://feeds.test:${v4.port}/cal/feed.ics?s=${TOKEN}`;

  it("reuses a checked socket for the next fetch under the same policy, 304s included", async () => {
    v4.set("/cal/etag.ics", { body: ICAL, etag: true });
    const first = await fetchFeed(`http://feeds.test:${v4.port}/cal/etag.ics`, { allowList, resolver: testDns });
    if (first.status !== "ok") throw new Error(first.status);
    const before = v4.connectionCount();
    const again = await fetchFeed(`http://feeds.test:${v4.port}/cal/etag.ics`, { allowList, resolver: testDns, etag: first.etag });
    expect(again).toMatchObject({ status: "not_modified" });
    expect((await fetchFeed(url(), { allowList, resolver: testDns })).status).toBe("ok");
    expect(v4.connectionCount()).toBe(before);
  });

  it("never lends a socket opened under a permissive allow list to a stricter one", async () => {
    expect((await fetchFeed(url(), { allowList, resolver: testDns })).status).toBe("ok");
    const before = { connections: v4.connectionCount(), requests: v4.requests("/cal/feed.ics").length };
    // Same host and port, same resolver, but no allow list: the pooled socket to loopback must not be used.
    expectBlocked(await fetchFeed(url(), { resolver: testDns }));
    expectBlocked(await fetchFeed(url(), { allowList: parseAllowList("other.test"), resolver: testDns }));
    expect(v4.connectionCount()).toBe(before.connections);
    expect(v4.requests("/cal/feed.ics").length).toBe(before.requests);
  });

  it("still checks a redirect from a pooled host to a private address at connect time", async () => {
    expect((await fetchFeed(url(), { allowList, resolver: testDns })).status).toBe("ok");
    v4.set("/go/rebind", { redirectTo: `http://rebind.test:${sentinel.port}/cal/feed.ics` });
    const before = sentinel.connectionCount();
    expectBlocked(await fetchFeed(`http://feeds.test:${v4.port}/go/rebind`, { allowList, resolver: testDns }));
    expect(sentinel.connectionCount()).toBe(before);
  });
});
