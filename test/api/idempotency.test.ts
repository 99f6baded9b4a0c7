import { describe, expect, it, vi } from "vitest";
import { apiHarness } from "../support/api-client";
import { rowCounts } from "./seed";

const KEY = { "idempotency-key": "create-front-door-1" };

async function withProperty() {
  const h = await apiHarness();
  const pa = (await h.a.request("POST", "/api/v1/properties", { name: "A home", timezone: "Europe/Lisbon" })).body;
  const pb = (await h.b.request("POST", "/api/v1/properties", { name: "B home", timezone: "Europe/Lisbon" })).body;
  const lockBody = (propertyId: string) => ({ propertyId, name: "Front door", provider: "simulated", providerDeviceId: "front-1" });
  return { ...h, pa, pb, lockBody };
}

describe("Idempotency-Key on POST", () => {
  it("replays the first response for the same key and body, creating one row", async () => {
    const { deps, a, pa, lockBody } = await withProperty();
    const first = await a.request("POST", "/api/v1/locks", lockBody(pa.id), KEY);
    const second = await a.request("POST", "/api/v1/locks", lockBody(pa.id), KEY);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(rowCounts(deps).locks).toBe(1);
  });

  it("replays on every resource that creates something", async () => {
    const { deps, a, pa } = await withProperty();
    const creates: [string, unknown][] = [
      ["/api/v1/feeds", { propertyId: pa.id, url: "https://example.com/cal.ics" }],
      ["/api/v1/contacts", { role: "alerts", name: "Al", email: "al@example.com" }],
      ["/api/v1/stays", { propertyId: pa.id, checkInDate: "2027-04-01", checkOutDate: "2027-04-05" }],
    ];
    for (const [path, body] of creates) {
      const headers = { "idempotency-key": `k-${path}` };
      const first = await a.request("POST", path, body, headers);
      const again = await a.request("POST", path, body, headers);
      expect(again.body).toEqual(first.body);
    }
    expect(rowCounts(deps)).toMatchObject({ feeds: 1, contacts: 1, stays: 1 });
  });

  it("refuses the same key with a different body with a 422 and writes nothing", async () => {
    const { deps, a, pa, lockBody } = await withProperty();
    await a.request("POST", "/api/v1/locks", lockBody(pa.id), KEY);
    const res = await a.request("POST", "/api/v1/locks", { ...lockBody(pa.id), name: "Back door", providerDeviceId: "back-1" }, KEY);
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(res.body.code).toBe("idempotency_key_reused");
    expect(rowCounts(deps).locks).toBe(1);
  });

  it("keeps keys per account: B reusing A's key string creates B's own object", async () => {
    const { deps, a, b, pa, pb, lockBody } = await withProperty();
    const fromA = await a.request("POST", "/api/v1/locks", lockBody(pa.id), KEY);
    const fromB = await b.request("POST", "/api/v1/locks", lockBody(pb.id), KEY);
    expect(fromB.status).toBe(201);
    expect(fromB.headers.get("idempotent-replayed")).toBeNull();
    expect(fromB.body.id).not.toBe(fromA.body.id);
    expect(fromB.body.propertyId).toBe(pb.id);
    expect(rowCounts(deps).locks).toBe(2);
  });

  it("replays an action endpoint without repeating it", async () => {
    const { a, pa } = await withProperty();
    const stay = (await a.request("POST", "/api/v1/stays", { propertyId: pa.id, checkInDate: "2027-04-01", checkOutDate: "2027-04-05" })).body;
    const first = await a.request("POST", `/api/v1/stays/${stay.id}/cancel`, undefined, { "idempotency-key": "cancel-1" });
    const again = await a.request("POST", `/api/v1/stays/${stay.id}/cancel`, undefined, { "idempotency-key": "cancel-1" });
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body).toEqual(first.body);
    expect(first.body).toMatchObject({ status: "cancelled", version: 2 });
  });

  it("forgets a key after a day, sweeping expired keys at most once a minute rather than on every request", async () => {
    const { deps, a, pa, lockBody } = await withProperty();
    const prepare = vi.spyOn(deps.db.$client, "prepare");
    const sweeps = () => prepare.mock.calls.filter(([sql]) => /^delete from "idempotency_keys"/i.test(sql)).length;
    await a.request("POST", "/api/v1/locks", lockBody(pa.id), KEY);
    await a.request("POST", "/api/v1/properties", { name: "C home", timezone: "Europe/Lisbon" }, { "idempotency-key": "another" });
    expect(sweeps()).toBe(1);
    deps.clock.advance(24 * 60 * 60 * 1000 + 1);
    const reused = await a.request("POST", "/api/v1/locks", { ...lockBody(pa.id), providerDeviceId: "front-2" }, KEY);
    expect(reused.status).toBe(201);
    expect(reused.headers.get("idempotent-replayed")).toBeNull();
    expect(sweeps()).toBe(2);
    expect(rowCounts(deps).locks).toBe(2);
  });

  it("will not replay the creation of an API key, because that would mean storing the key", async () => {
    const { deps, a } = await withProperty();
    const before = rowCounts(deps).api_keys;
    const res = await a.request("POST", "/api/v1/api-keys", { name: "ci" }, { "idempotency-key": "key-1" });
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain("Idempotency-Key");
    expect(rowCounts(deps).api_keys).toBe(before);
  });
});
