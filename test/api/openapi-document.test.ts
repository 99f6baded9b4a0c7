import { gunzipSync } from "node:zlib";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { apiHarness } from "../support/api-client";

type Operation = { operationId?: string; summary?: string; requestBody?: unknown; responses: Record<string, unknown> };

async function openapi(env: Record<string, string> = {}) {
  const { app } = await apiHarness({ env });
  const res = await app.request("/api/v1/openapi.json");
  return (await res.json()) as { servers: { url: string }[]; paths: Record<string, Record<string, Operation>> };
}

const operations = (doc: Awaited<ReturnType<typeof openapi>>) =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => ["get", "put", "post", "patch", "delete"].includes(method))
      .map(([method, op]) => ({ method, path, op })),
  );

describe("the OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document by a maintained validator", async () => {
    const doc = await openapi();
    const result = await new Validator().validate(doc as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("gives every operation a unique operationId and a summary", async () => {
    const ops = operations(await openapi());
    expect(ops.length).toBeGreaterThan(30);
    expect(ops.filter(({ op }) => !op.operationId || !op.summary).map(({ method, path }) => `${method} ${path}`)).toEqual([]);
    const ids = ops.map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const byRoute = Object.fromEntries(ops.map(({ method, path, op }) => [`${method} ${path}`, op.operationId]));
    expect(byRoute).toMatchObject({
      "get /api/v1/stays": "listStays",
      "get /api/v1/stays/{id}": "getStay",
      "post /api/v1/stays": "createStay",
      "post /api/v1/stays/{id}/cancel": "cancelStay",
      "post /api/v1/feeds/{id}/sync": "syncFeed",
      "delete /api/v1/feeds/{id}": "deleteFeed",
    });
  });

  it("documents 413 only where a body is read, and the sync's real outcomes", async () => {
    const doc = await openapi();
    const withoutBody = operations(doc).filter(({ op }) => !op.requestBody);
    expect(withoutBody.filter(({ op }) => "413" in op.responses).map(({ method, path }) => `${method} ${path}`)).toEqual([]);
    expect(doc.paths["/api/v1/properties"]!.post!.responses).toHaveProperty("413");
    expect(Object.keys(doc.paths["/api/v1/feeds/{id}/sync"]!.post!.responses)).toEqual(expect.arrayContaining(["200", "409", "502", "503"]));
    expect(doc.paths["/api/v1/feeds/{id}/sync"]!.post!.responses).not.toHaveProperty("202");
  });

  it("names its server and describes the webhook and iCal routes outside /api/v1", async () => {
    expect((await openapi()).servers).toEqual([expect.objectContaining({ url: "/" })]);
    const doc = await openapi({ STAYKEY_PUBLIC_URL: "https://staykey.example.com/" });
    expect(doc.servers[0]!.url).toBe("https://staykey.example.com");
    for (const path of ["/webhooks/twilio/status", "/webhooks/twilio/inbound", "/webhooks/seam", "/ical/cleaner/{token}.ics"]) expect(doc.paths).toHaveProperty([path]);
  });

  it("is served compressed to clients that accept it", async () => {
    const { app } = await apiHarness();
    const res = await app.request("/api/v1/openapi.json", { headers: { "accept-encoding": "gzip" } });
    expect(res.headers.get("content-encoding")).toBe("gzip");
    const body = Buffer.from(await res.arrayBuffer());
    const plain = JSON.parse(gunzipSync(body).toString()) as { openapi: string };
    expect(plain.openapi).toBe("3.1.0");
    expect(body.length).toBeLessThan(JSON.stringify(plain).length / 3);
  });
});
