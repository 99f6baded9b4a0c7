import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents } from "../../src/db/schema";
import { apiHarness } from "../support/api-client";
import { testWorld } from "../support/world";

/** Feeds at public names, which tests do not resolve: each sync the API runs fails at once, and says so. */
async function feedsApi() {
  const h = await apiHarness();
  const call = (method: string, path: string, body?: unknown) => h.a.request(method, path, body);
  /** The feeds synced so far, in order (each sync leaves one audit row). */
  const synced = () => h.deps.db.select().from(auditEvents).where(eq(auditEvents.action, "feed.sync")).all().map((e) => e.subjectId);
  const property = (await call("POST", "/api/v1/properties", { name: "Villa", timezone: "Europe/Madrid" })).body;
  return { ...h, call, synced, property };
}

describe("feeds API", () => {
  it("creates a feed and runs its first sync in the request, whose outcome the answer shows", async () => {
    const { call, synced, property, deps } = await feedsApi();
    const created = await call("POST", "/api/v1/feeds", { propertyId: property.id, url: "https://www.vrbo.com/icalendar/9f8e7d6c5b4a.ics", name: "VRBO" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: "failing", consecutiveFailures: 1, paused: false, syncIntervalMinutes: 10, name: "VRBO", urlRedacted: "https://www.vrbo.com/icalendar/…" });
    expect(created.body.lastError).toMatch(/^dns: could not resolve www\.vrbo\.com/);
    expect(created.body.lastSyncAt).toBe(deps.clock.now().toISOString());
    expect(created.body).not.toHaveProperty("url");
    expect(created.body).not.toHaveProperty("urlEnc");
    expect(synced()).toEqual([created.body.id]);
  });

  it("takes a webcal:// link as the https:// URL it stands for, and sees it as the same calendar", async () => {
    const { call, property } = await feedsApi();
    const created = await call("POST", "/api/v1/feeds", { propertyId: property.id, url: "webcal://www.vrbo.com/icalendar/9f8e7d6c5b4a.ics" });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.urlRedacted).toBe("https://www.vrbo.com/icalendar/…");
    const again = await call("POST", "/api/v1/feeds", { propertyId: property.id, url: "https://www.vrbo.com/icalendar/9f8e7d6c5b4a.ics" });
    expect(again.status).toBe(409);
  });

  it("refuses the same calendar twice on one property, but not on another", async () => {
    const { call, property } = await feedsApi();
    const url = "https://example.com/cal.ics?token=abc";
    expect((await call("POST", "/api/v1/feeds", { propertyId: property.id, url })).status).toBe(201);
    const dup = await call("POST", "/api/v1/feeds", { propertyId: property.id, url });
    expect(dup.status).toBe(409);
    const other = (await call("POST", "/api/v1/properties", { name: "Other", timezone: "UTC" })).body;
    expect((await call("POST", "/api/v1/feeds", { propertyId: other.id, url })).status).toBe(201);
  });

  it("pauses and resumes: a paused feed is not due and cannot be synced on demand", async () => {
    const { call, synced, property, deps } = await feedsApi();
    const feed = (await call("POST", "/api/v1/feeds", { propertyId: property.id, url: "https://example.com/a.ics", paused: true })).body;
    expect(feed).toMatchObject({ status: "paused", paused: true, nextSyncAt: null });
    expect(synced()).toEqual([]);
    expect((await call("POST", `/api/v1/feeds/${feed.id}/sync`)).status).toBe(409);
    deps.clock.advance(60_000);
    const resumed = await call("PATCH", `/api/v1/feeds/${feed.id}`, { paused: false, syncIntervalMinutes: 60 });
    expect(resumed.body).toMatchObject({ status: "pending", paused: false, syncIntervalMinutes: 60, nextSyncAt: deps.clock.now().toISOString() });
    const paused = await call("PATCH", `/api/v1/feeds/${feed.id}`, { paused: true });
    expect(paused.body).toMatchObject({ status: "paused", nextSyncAt: null, syncIntervalMinutes: 60 });
  });

  it("syncs on demand in the request, and a calendar that cannot be read is a 502 problem carrying the feed and why", async () => {
    const { call, synced, property, deps } = await feedsApi();
    const created = await call("POST", "/api/v1/feeds", { propertyId: property.id, url: "https://example.com/b.ics" });
    // The feed is saved, and the answer says plainly that its first sync failed.
    expect(created.status).toBe(201);
    expect(created.body.firstSync).toMatchObject({ ok: false, result: "failed", reason: expect.any(String), summary: expect.stringMatching(/^failed \(/) });
    const feed = created.body;
    deps.db.$client.prepare("update feeds set next_sync_at = ?, status = 'ok' where id = ?").run(Date.parse("2030-01-01T00:00:00Z"), feed.id);
    deps.clock.advance(60_000);
    const res = await call("POST", `/api/v1/feeds/${feed.id}/sync`);
    expect(res.status).toBe(502);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(res.body).toMatchObject({ code: "sync_failed", status: 502, sync: { ok: false, result: "failed" } });
    expect(res.body.feed).toMatchObject({ id: feed.id, status: "failing", consecutiveFailures: 2, lastSyncAt: deps.clock.now().toISOString() });
    expect(res.body.detail).toBe(res.body.sync.summary);
    expect(synced()).toEqual([feed.id, feed.id]);
  });

  it("deletes a feed and keeps its stays, so booked guests are not locked out, and hands them to the host", async () => {
    const { call, property, deps } = await feedsApi();
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

