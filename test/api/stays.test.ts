import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { jobs, stays } from "../../src/db/schema";
import { apiHarness } from "../support/api-client";
import { testWorld } from "../support/world";
import { seedAccount } from "./seed";

async function withBerlin() {
  const h = await apiHarness();
  const property = (await h.a.request("POST", "/api/v1/properties", { name: "Altbau", timezone: "Europe/Berlin", checkInTime: "16:00", checkOutTime: "11:00" })).body;
  const manual = (over: Record<string, unknown> = {}) => ({ propertyId: property.id, checkInDate: "2027-03-27", checkOutDate: "2027-03-29", ...over });
  return { ...h, property, manual };
}

describe("stays API", () => {
  it("turns a manual stay's local dates into instants in the property's zone, across a DST change", async () => {
    const { a, manual } = await withBerlin();
    const res = await a.request("POST", "/api/v1/stays", manual({ guestName: "Ann", guestPhone: "+491701234567", guestEmail: "ann@example.com" }));
    expect(res.status).toBe(201);
    // Check-in under CET (+01:00), checkout under CEST (+02:00).
    expect(res.body).toMatchObject({
      kind: "manual", status: "confirmed", version: 1, feedId: null,
      checkInAt: "2027-03-27T15:00:00.000Z", checkOutAt: "2027-03-29T09:00:00.000Z",
      guestPhone: "+491701234567", guestPhoneLast4: "4567", guestEmail: "ann@example.com",
    });
    // Opened for the answer; the sealed columns and the emptied plaintext ones stay in the database.
    expect(Object.keys(res.body).filter((k) => /Enc$|^legacy/.test(k))).toEqual([]);
  });

  it("reads overrides given as local times on the stay's own dates, or as instants", async () => {
    const { a, manual } = await withBerlin();
    const { body } = await a.request("POST", "/api/v1/stays", manual({ earlyCheckInAt: "13:00" }));
    expect(body.earlyCheckInAt).toBe("2027-03-27T12:00:00.000Z");
    const patched = await a.request("PATCH", `/api/v1/stays/${body.id}`, { lateCheckOutAt: "14:30" });
    expect(patched.body).toMatchObject({ lateCheckOutAt: "2027-03-29T12:30:00.000Z", earlyCheckInAt: "2027-03-27T12:00:00.000Z", version: 2 });
    const asInstant = await a.request("PATCH", `/api/v1/stays/${body.id}`, { lateCheckOutAt: "2027-03-29T13:00:00+02:00", earlyCheckInAt: null });
    expect(asInstant.body).toMatchObject({ lateCheckOutAt: "2027-03-29T11:00:00.000Z", earlyCheckInAt: null, version: 3 });
  });

  it("reads a local time that occurs twice (the night clocks go back) as its first occurrence, like a calendar sync does", async () => {
    const { a } = await apiHarness();
    const property = (await a.request("POST", "/api/v1/properties", { name: "Loft", timezone: "America/New_York" })).body;
    // 01:30 on 1 Nov 2026 is 05:30Z under EDT and again 06:30Z under EST; the domain's rule (localToInstant) takes the first.
    const { body } = await a.request("POST", "/api/v1/stays", { propertyId: property.id, checkInDate: "2026-11-01", checkOutDate: "2026-11-03", earlyCheckInAt: "01:30" });
    expect(body).toMatchObject({ checkInAt: "2026-11-01T21:00:00.000Z", earlyCheckInAt: "2026-11-01T05:30:00.000Z" });
  });

  it("moves a manual stay's dates and instants together, and refuses dates that leave an override stranded", async () => {
    const { a, manual } = await withBerlin();
    const { body } = await a.request("POST", "/api/v1/stays", manual());
    const moved = await a.request("PATCH", `/api/v1/stays/${body.id}`, { checkInDate: "2027-03-26" });
    expect(moved.body).toMatchObject({ checkInDate: "2027-03-26", checkInAt: "2027-03-26T15:00:00.000Z", checkOutAt: "2027-03-29T09:00:00.000Z", version: 2 });
    await a.request("PATCH", `/api/v1/stays/${body.id}`, { lateCheckOutAt: "15:00" });
    const stranded = await a.request("PATCH", `/api/v1/stays/${body.id}`, { checkOutDate: "2027-03-31" });
    expect(stranded.status).toBe(400);
    expect(stranded.body.errors[0].path).toBe("lateCheckOutAt");
    expect((await a.request("GET", `/api/v1/stays/${body.id}`)).body.checkOutDate).toBe("2027-03-29");
  });

  it("bumps the version only when something really changed", async () => {
    const { a, manual } = await withBerlin();
    const { body } = await a.request("POST", "/api/v1/stays", manual({ guestName: "Ann" }));
    const same = await a.request("PATCH", `/api/v1/stays/${body.id}`, { guestName: "Ann", checkInDate: "2027-03-27" });
    expect(same.body.version).toBe(1);
    const changed = await a.request("PATCH", `/api/v1/stays/${body.id}`, { guestEmail: "ann@example.com" });
    expect(changed.body.version).toBe(2);
  });

  it("lets a feed stay take overrides and a guest phone, but not new dates", async () => {
    const { deps, a } = await apiHarness();
    const seeded = await seedAccount(deps, a);
    const dates = await a.request("PATCH", `/api/v1/stays/${seeded.feedStayId}`, { checkOutDate: "2027-01-09" });
    expect(dates.status).toBe(409);
    expect(dates.body.detail).toContain("feed");
    const overrides = await a.request("PATCH", `/api/v1/stays/${seeded.feedStayId}`, { lateCheckOutAt: "13:00", guestPhone: "+12125550100" });
    expect(overrides.status).toBe(200);
    // New York, EST: 13:00 local is 18:00Z.
    expect(overrides.body).toMatchObject({ lateCheckOutAt: "2027-01-08T18:00:00.000Z", guestPhone: "+12125550100", guestPhoneLast4: "0100", checkOutDate: "2027-01-08" });
    const cleared = await a.request("PATCH", `/api/v1/stays/${seeded.feedStayId}`, { guestPhone: null });
    expect(cleared.body).toMatchObject({ guestPhone: null, guestPhoneLast4: "0100" });
  });

  it("cancels a manual stay once, refuses to cancel a feed stay, and refuses edits after cancelling", async () => {
    const { deps, a } = await apiHarness();
    const seeded = await seedAccount(deps, a);
    const cancelled = await a.request("POST", `/api/v1/stays/${seeded.stay.id}/cancel`);
    expect(cancelled.body).toMatchObject({ status: "cancelled", version: 2, cancelledAt: deps.clock.now().toISOString() });
    const again = await a.request("POST", `/api/v1/stays/${seeded.stay.id}/cancel`);
    expect(again.body).toMatchObject({ status: "cancelled", version: 2 });
    expect((await a.request("PATCH", `/api/v1/stays/${seeded.stay.id}`, { guestName: "Late" })).status).toBe(409);
    expect((await a.request("POST", `/api/v1/stays/${seeded.feedStayId}/cancel`)).status).toBe(409);
  });

  it("asks the planner to plan every change, once per change", async () => {
    const { deps, a, manual } = await withBerlin();
    const planRequested = () => deps.db.select().from(jobs).all().filter((j) => j.name === "access-codes.plan-stay").map((j) => (j.payload as { stayId: string }).stayId);
    const stay = (await a.request("POST", "/api/v1/stays", manual())).body;
    await a.request("PATCH", `/api/v1/stays/${stay.id}`, { guestName: "Ann" });
    await a.request("PATCH", `/api/v1/stays/${stay.id}`, { guestName: "Ann" });
    await a.request("POST", `/api/v1/stays/${stay.id}/cancel`);
    await a.request("POST", `/api/v1/stays/${stay.id}/cancel`);
    expect(planRequested()).toEqual([stay.id, stay.id, stay.id]);
  });

  it("lists without full phone numbers, filtered by property, status, kind and date range", async () => {
    const { deps, a } = await apiHarness();
    const seeded = await seedAccount(deps, a);
    const all = await a.request("GET", "/api/v1/stays");
    expect(all.body.data).toHaveLength(2);
    expect(JSON.stringify(all.body)).not.toContain("+14155550123");
    expect(all.body.data.find((s: any) => s.id === seeded.stay.id).guestPhoneLast4).toBe("0123");
    const ids = async (q: string) => (await a.request("GET", `/api/v1/stays?${q}`)).body.data.map((s: any) => s.id);
    expect(await ids("kind=manual")).toEqual([seeded.stay.id]);
    expect(await ids(`feedId=${seeded.feed.id}`)).toEqual([seeded.feedStayId]);
    expect(await ids("from=2027-01-01")).toEqual([seeded.feedStayId]);
    expect(await ids("to=2026-12-31")).toEqual([seeded.stay.id]);
    expect(await ids("from=2026-12-24T15:59:00Z&to=2026-12-24T17:00:00Z")).toEqual([seeded.stay.id]);
    expect(await ids("from=2026-12-24T16:01:00Z&to=2027-01-05T20:00:00Z")).toEqual([]);
    await a.request("POST", `/api/v1/stays/${seeded.stay.id}/cancel`);
    expect(await ids("status=cancelled")).toEqual([seeded.stay.id]);
    expect(await ids(`propertyId=${seeded.property.id}&status=confirmed`)).toEqual([seeded.feedStayId]);
    expect((await a.request("GET", "/api/v1/stays?from=yesterday")).status).toBe(400);
  });

  it("marks another platform's echo of a booking with echoOf, and filters by it", async () => {
    const { deps, a } = await apiHarness();
    const seeded = await seedAccount(deps, a);
    const booking = (await a.request("POST", "/api/v1/feeds", { propertyId: seeded.property.id, url: "https://admin.booking.com/hotel/hoteladmin/ical.html?t=echo-token" })).body;
    const original = deps.db.select().from(stays).where(eq(stays.id, seeded.feedStayId)).get()!;
    // What the sync writes when Booking.com exports the same nights as the Airbnb reservation (see test/sync/placement).
    const echoId = testWorld(deps).stay(seeded.property.id, {
      feedId: booking.id, externalUid: "d9e3@booking.com", checkInAt: original.checkInAt, checkOutAt: original.checkOutAt, echoOfStayId: original.id,
    }).id;

    const listed = (await a.request("GET", "/api/v1/stays?status=confirmed&kind=reservation")).body.data;
    expect(listed.map((s: any) => [s.id, s.echoOf])).toEqual([[original.id, null], [echoId, original.id]]);
    expect((await a.request("GET", `/api/v1/stays/${echoId}`)).body).toMatchObject({ echoOf: original.id, status: "confirmed" });
    const ids = async (q: string) => (await a.request("GET", `/api/v1/stays?${q}`)).body.data.map((s: any) => s.id);
    expect(await ids("kind=reservation&echo=false")).toEqual([original.id]);
    expect(await ids("echo=true")).toEqual([echoId]);
    expect(await ids(`echoOf=${original.id}`)).toEqual([echoId]);
    expect((await a.request("GET", "/api/v1/stays?echo=yes")).status).toBe(400);
  });
});

describe("stay updates in the audit trail", () => {
  it("records which fields changed, never the phone number", async () => {
    const { a } = await apiHarness();
    const prop = (await a.request("POST", "/api/v1/properties", { name: "P", timezone: "Europe/Berlin" })).body;
    const stay = (await a.request("POST", "/api/v1/stays", { propertyId: prop.id, checkInDate: "2026-12-01", checkOutDate: "2026-12-04" })).body;
    expect((await a.request("PATCH", `/api/v1/stays/${stay.id}`, { guestPhone: "+14155550199", guestName: "Ana" })).status).toBe(200);
    const audit = await a.request("GET", `/api/v1/audit-events?subjectType=stay&subjectId=${stay.id}`);
    const updates = audit.body.data.filter((e: { action: string }) => e.action === "stay.update");
    expect(updates).toHaveLength(1);
    expect(updates[0].detail).toEqual({ fields: ["guestName", "guestPhone"] });
    expect(JSON.stringify(audit.body)).not.toContain("4155550199");
  });
});
