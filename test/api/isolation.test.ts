import { beforeAll, describe, expect, it } from "vitest";
import { apiHarness, type Caller } from "../support/api-client";
import { sameProblemAs } from "../support/database-snapshot";
import { seedAccount, snapshot, type Seeded } from "./seed";

type Deps = Awaited<ReturnType<typeof apiHarness>>["deps"];

/** Every endpoint that names one object, with a body that would be valid if the object were the caller's. */
const byId: [method: string, path: (id: string) => string, pick: (s: Seeded) => string, body?: (s: Seeded) => unknown][] = [
  ["GET", (id) => `/api/v1/properties/${id}`, (s) => s.property.id],
  ["PATCH", (id) => `/api/v1/properties/${id}`, (s) => s.property.id, () => ({ name: "Taken" })],
  ["PUT", (id) => `/api/v1/properties/${id}/cleaners`, (s) => s.property.id, () => ({ contactIds: [] })],
  ["DELETE", (id) => `/api/v1/properties/${id}`, (s) => s.property.id],
  ["GET", (id) => `/api/v1/locks/${id}`, (s) => s.lock.id],
  ["PATCH", (id) => `/api/v1/locks/${id}`, (s) => s.lock.id, () => ({ name: "Taken" })],
  ["DELETE", (id) => `/api/v1/locks/${id}`, (s) => s.lock.id],
  ["GET", (id) => `/api/v1/feeds/${id}`, (s) => s.feed.id],
  ["PATCH", (id) => `/api/v1/feeds/${id}`, (s) => s.feed.id, () => ({ paused: true })],
  ["POST", (id) => `/api/v1/feeds/${id}/sync`, (s) => s.feed.id],
  ["DELETE", (id) => `/api/v1/feeds/${id}`, (s) => s.feed.id],
  ["GET", (id) => `/api/v1/contacts/${id}`, (s) => s.contact.id],
  ["PATCH", (id) => `/api/v1/contacts/${id}`, (s) => s.contact.id, () => ({ name: "Taken" })],
  ["DELETE", (id) => `/api/v1/contacts/${id}`, (s) => s.contact.id],
  ["GET", (id) => `/api/v1/stays/${id}`, (s) => s.stay.id],
  ["PATCH", (id) => `/api/v1/stays/${id}`, (s) => s.stay.id, () => ({ guestPhone: "+14155550100" })],
  ["PATCH", (id) => `/api/v1/stays/${id}`, (s) => s.feedStayId, () => ({ lateCheckOutAt: "13:00" })],
  ["POST", (id) => `/api/v1/stays/${id}/cancel`, (s) => s.stay.id],
  ["POST", (id) => `/api/v1/stays/${id}/checkout`, (s) => s.stay.id],
  ["POST", (id) => `/api/v1/locks/${id}/keypad`, (s) => s.lock.id, () => ({ pin: "482913" })],
  ["GET", (id) => `/api/v1/access-codes/${id}`, (s) => s.codeId],
  ["GET", (id) => `/api/v1/messages/${id}`, (s) => s.messageId],
  ["GET", (id) => `/api/v1/alerts/${id}`, (s) => s.alertId],
  ["POST", (id) => `/api/v1/alerts/${id}/acknowledge`, (s) => s.alertId],
  ["DELETE", (id) => `/api/v1/api-keys/${id}`, () => ""],
];

const lists = ["properties", "locks", "feeds", "contacts", "stays", "access-codes", "messages", "alerts", "audit-events", "api-keys"];


describe("two-account isolation", () => {
  let deps: Deps;
  let a: Caller;
  let b: Caller;
  let A: Seeded;
  let B: Seeded;
  let aKeyId: string;

  beforeAll(async () => {
    const h = await apiHarness();
    deps = h.deps;
    a = h.a;
    b = h.b;
    A = await seedAccount(deps, a);
    B = await seedAccount(deps, b);
    aKeyId = (await a.request("GET", "/api/v1/api-keys")).body.data[0].id;
  });

  const endpoints = byId.map(([method, path, pick, body]) => ({ name: `${method} ${path("{id}")}`, method, path, pick, body }));
  it.each(endpoints)("$name on account A's object answers B exactly like a missing id, and changes nothing", async ({ method, path, pick, body }) => {
    const id = pick(A) || aKeyId;
    const before = snapshot(deps);
    const foreign = await b.request(method, path(id), body?.(B));
    const missingId = `${id.split("_")[0]}_0doesnotexist000000`;
    const missing = await b.request(method, path(missingId), body?.(B));
    expect(foreign.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(foreign.headers.get("content-type")).toBe(missing.headers.get("content-type"));
    expect(sameProblemAs(foreign.body, id)).toEqual(sameProblemAs(missing.body, missingId));
    expect(snapshot(deps)).toBe(before);
  });

  it.each(lists)("B's list of %s shows none of A's objects", async (resource) => {
    const res = await b.request("GET", `/api/v1/${resource}?limit=200`);
    expect(res.status).toBe(200);
    expect(res.body.data.length).toBeGreaterThan(0);
    const text = JSON.stringify(res.body);
    for (const id of [A.property.id, A.lock.id, A.feed.id, A.contact.id, A.stay.id, A.feedStayId, A.codeId, A.messageId, A.alertId, A.eventId, aKeyId]) {
      expect(text).not.toContain(id);
    }
  });

  it.each([
    ["locks", "propertyId"], ["feeds", "propertyId"], ["stays", "propertyId"], ["stays", "feedId"], ["access-codes", "stayId"],
    ["access-codes", "lockId"], ["messages", "stayId"], ["alerts", "subjectId"], ["audit-events", "subjectId"],
  ])("filtering B's %s by A's %s finds nothing", async (resource, filter) => {
    const value = { propertyId: A.property.id, feedId: A.feed.id, stayId: A.stay.id, lockId: A.lock.id, subjectId: resource === "alerts" ? A.lock.id : A.codeId }[filter]!;
    const res = await b.request("GET", `/api/v1/${resource}?${filter}=${value}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([]);
  });

  it.each([
    ["a lock", "/api/v1/locks", (s: Seeded) => ({ propertyId: s.property.id, name: "Sneaky", provider: "simulated", providerDeviceId: "sneaky-1" })],
    ["a feed", "/api/v1/feeds", (s: Seeded) => ({ propertyId: s.property.id, url: "https://example.com/sneaky.ics" })],
    ["a stay", "/api/v1/stays", (s: Seeded) => ({ propertyId: s.property.id, checkInDate: "2027-03-01", checkOutDate: "2027-03-02" })],
  ])("B cannot attach %s to A's property", async (_what, path, body) => {
    const before = snapshot(deps);
    const res = await b.request("POST", path, body(A));
    expect(res.status).toBe(404);
    expect(res.body.detail).toBe(`property ${A.property.id} does not exist`);
    expect(snapshot(deps)).toBe(before);
  });

  it("B cannot assign A's cleaner to B's property", async () => {
    const before = snapshot(deps);
    const res = await b.request("PUT", `/api/v1/properties/${B.property.id}/cleaners`, { contactIds: [A.contact.id] });
    expect(res.status).toBe(404);
    expect(snapshot(deps)).toBe(before);
  });

  it("leaves A's objects readable and unchanged by A after all of B's attempts", async () => {
    const got = await a.request("GET", `/api/v1/properties/${A.property.id}`);
    expect(got.body).toMatchObject({ name: "Beach House" });
    expect((await a.request("GET", `/api/v1/stays/${A.stay.id}`)).body).toMatchObject({ status: "confirmed", guestPhone: "+14155550123", version: 1 });
    expect((await a.request("GET", `/api/v1/feeds/${A.feed.id}`)).body).toMatchObject({ paused: false });
    expect((await a.request("GET", `/api/v1/alerts/${A.alertId}`)).body).toMatchObject({ acknowledgedAt: null });
    expect((await a.request("GET", "/api/v1/locks")).status).toBe(200);
  });
});
