import { describe, expect, it } from "vitest";
import { apiHarness } from "../support/api-client";

const EVERY_PATH = [
  "/api/v1/properties", "/api/v1/properties/{id}", "/api/v1/properties/{id}/cleaners",
  "/api/v1/locks", "/api/v1/locks/{id}",
  "/api/v1/feeds", "/api/v1/feeds/{id}", "/api/v1/feeds/{id}/sync",
  "/api/v1/contacts", "/api/v1/contacts/{id}",
  "/api/v1/stays", "/api/v1/stays/{id}", "/api/v1/stays/{id}/cancel",
  "/api/v1/access-codes", "/api/v1/access-codes/{id}",
  "/api/v1/messages", "/api/v1/messages/{id}",
  "/api/v1/alerts", "/api/v1/alerts/{id}", "/api/v1/alerts/{id}/acknowledge",
  "/api/v1/audit-events",
  "/api/v1/api-keys", "/api/v1/api-keys/{id}",
];

describe("authentication", () => {
  it.each([
    ["no Authorization header", {}],
    ["a garbage key", { authorization: "Bearer sk_notarealkey" }],
    ["a non-Bearer scheme", { authorization: "Basic dXNlcjpwYXNz" }],
  ])("refuses %s with a 401 problem", async (_name, headers) => {
    const { app } = await apiHarness();
    const res = await app.request("/api/v1/locks", { headers });
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect((await res.json()).code).toBe("unauthorized");
  });

  it("refuses a key once it is revoked through the API", async () => {
    const { a } = await apiHarness();
    const created = await a.request("POST", "/api/v1/api-keys", { name: "temporary" });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^sk_/);
    const withNew = (method: string, path: string) => a.request(method, path, undefined, { authorization: `Bearer ${created.body.key}` });
    expect((await withNew("GET", "/api/v1/locks")).status).toBe(200);
    expect((await a.request("DELETE", `/api/v1/api-keys/${created.body.id}`)).status).toBe(204);
    expect((await withNew("GET", "/api/v1/locks")).status).toBe(401);
    expect((await a.request("GET", "/api/v1/locks")).status).toBe(200);
  });

  it("lists keys by prefix and never shows a key or its hash again", async () => {
    const { a } = await apiHarness();
    const created = await a.request("POST", "/api/v1/api-keys", { name: "ci" });
    const list = await a.request("GET", "/api/v1/api-keys");
    const text = JSON.stringify(list.body);
    expect(list.body.data.map((k: any) => k.name).sort()).toEqual(["ci", "test"]);
    expect(text).not.toContain(created.body.key);
    expect(text).not.toContain("keyHash");
    expect(list.body.data.find((k: any) => k.id === created.body.id)).toMatchObject({ prefix: created.body.key.slice(0, 10), revokedAt: null });
    // Exactly the listing's fields: not the hash, and not whose account or user the key belongs to.
    for (const k of list.body.data) expect(Object.keys(k).sort()).toEqual(["createdAt", "id", "lastUsedAt", "name", "prefix", "revokedAt", "role"]);
    expect(list.body.data.find((k: any) => k.id === created.body.id).role).toBe("owner");
  });
});

describe("service surface", () => {
  it("serves /healthz without a key", async () => {
    const { app } = await apiHarness();
    const res = await app.request("/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it("publishes an OpenAPI document listing every registered path, without a key", async () => {
    const { app } = await apiHarness();
    const res = await app.request("/api/v1/openapi.json");
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toBe("3.1.0");
    for (const path of EVERY_PATH) expect(Object.keys(doc.paths), path).toContain(path);
    expect(doc.paths["/api/v1/feeds"].post.requestBody.content["application/json"].schema).toBeDefined();
  });

  it("answers an unknown route with a problem, not an HTML page", async () => {
    const { a } = await apiHarness();
    const res = await a.request("GET", "/api/v1/nothing-here");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
  });
});
