import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import type { V1Deps } from "../../src/routes/v1";
import { apiHarness } from "../support/api-client";
import { testWorld } from "../support/world";

async function withHooks() {
  const synced: string[] = [];
  const h = await apiHarness();
  // The harness's app has no hooks; a second app over the same deps carries one.
  const deps: V1Deps = { ...h.deps, services: { syncFeedNow: (id) => void synced.push(id) } };
  const app = createApp(deps);
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await app.request(path, { method, headers: { authorization: `Bearer ${h.a.key}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: await res.json().catch(() => null) };
  };
  const property = (await call("POST", "/api/v1/properties", { name: "Villa", timezone: "Europe/Madrid" })).body;
  return { ...h, call, synced, property };
}

describe("feeds API", () => {
  it("creates a pending feed due at once and asks the sync hook to run it", async () => {
    const { call, synced, property, deps } = await withHooks();
    const created = await call("POST", "/api/v1/feeds", { propertyId: property.id, url: "https://www.vrbo.com/icalendar/9f8e7d6c5b4a.ics", name: "VRBO" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: "pending", paused: false, syncIntervalMinutes: 10, name: "VRBO", urlRedacted: "https://www.vrbo.com/icalendar/…" });
    expect(created.body.nextSyncAt).toBe(deps.clock.now().toISOString());
    expect(created.body).not.toHaveProperty("url");
    expect(created.body).not.toHaveProperty("urlEnc");
    expect(synced).toEqual([created.body.id]);
  });

  it("refuses the same calendar twice on one property, but not on another", async () => {
    const { call, property } = await withHooks();
    const url = "https://example.com/cal.ics?token=abc";
    expect((await call("POST", "/api/v1/feeds", { propertyId: property.id, url })).status).toBe(201);
    const dup = await call("POST", "/api/v1/feeds", { propertyId: property.id, url });
    expect(dup.status).toBe(409);
    const other = (await call("POST", "/api/v1/properties", { name: "Other", timezone: "UTC" })).body;
    expect((await call("POST", "/api/v1/feeds", { propertyId: other.id, url })).status).toBe(201);
  });

  it("pauses and resumes: a paused feed is not due and cannot be synced on demand", async () => {
    const { call, synced, property, deps } = await withHooks();
    const feed = (await call("POST", "/api/v1/feeds", { propertyId: property.id, url: "https://example.com/a.ics", paused: true })).body;
    expect(feed).toMatchObject({ status: "paused", paused: true, nextSyncAt: null });
    expect(synced).toEqual([]);
    expect((await call("POST", `/api/v1/feeds/${feed.id}/sync`)).status).toBe(409);
    deps.clock.advance(60_000);
    const resumed = await call("PATCH", `/api/v1/feeds/${feed.id}`, { paused: false, syncIntervalMinutes: 60 });
    expect(resumed.body).toMatchObject({ status: "pending", paused: false, syncIntervalMinutes: 60, nextSyncAt: deps.clock.now().toISOString() });
    const paused = await call("PATCH", `/api/v1/feeds/${feed.id}`, { paused: true });
    expect(paused.body).toMatchObject({ status: "paused", nextSyncAt: null, syncIntervalMinutes: 60 });
  });

  it("syncs on demand by making the feed due now and calling the hook", async () => {
    const { call, synced, property, deps } = await withHooks();
    const feed = (await call("POST", "/api/v1/feeds", { propertyId: property.id, url: "https://example.com/b.ics" })).body;
    deps.db.$client.prepare("update feeds set next_sync_at = ?, status = 'ok' where id = ?").run(Date.parse("2030-01-01T00:00:00Z"), feed.id);
    const res = await call("POST", `/api/v1/feeds/${feed.id}/sync`);
    expect(res.status).toBe(202);
    expect(res.body.nextSyncAt).toBe(deps.clock.now().toISOString());
    expect(synced).toEqual([feed.id, feed.id]);
  });

  it("works without any hook: the feed is simply due", async () => {
    const { a } = await apiHarness();
    const property = (await a.request("POST", "/api/v1/properties", { name: "Villa", timezone: "Europe/Madrid" })).body;
    const feed = (await a.request("POST", "/api/v1/feeds", { propertyId: property.id, url: "https://example.com/c.ics" })).body;
    expect((await a.request("POST", `/api/v1/feeds/${feed.id}/sync`)).status).toBe(202);
  });

  it("deletes a feed and keeps its stays, so booked guests are not locked out, and hands them to the host", async () => {
    const { call, property, deps } = await withHooks();
    const feed = (await call("POST", "/api/v1/feeds", { propertyId: property.id, url: "https://example.com/d.ics" })).body;
    const now = deps.clock.now();
    testWorld(deps).stay(property.id, { id: "stay_fromfeed", feedId: feed.id, externalUid: "u1", checkInDate: "2027-01-01", checkOutDate: "2027-01-02", checkInAt: now, checkOutAt: now });
    expect((await call("DELETE", `/api/v1/feeds/${feed.id}`)).status).toBe(204);
    expect((await call("GET", `/api/v1/feeds/${feed.id}`)).status).toBe(404);
    expect((await call("GET", "/api/v1/stays/stay_fromfeed")).body).toMatchObject({ feedId: null, status: "confirmed" });
    // With no calendar left to manage it, the host can move or cancel it.
    expect((await call("PATCH", "/api/v1/stays/stay_fromfeed", { checkOutDate: "2027-01-03" })).body).toMatchObject({ checkOutDate: "2027-01-03", checkOutAt: "2027-01-03T10:00:00.000Z" });
    expect((await call("POST", "/api/v1/stays/stay_fromfeed/cancel")).body).toMatchObject({ status: "cancelled" });
  });
});

