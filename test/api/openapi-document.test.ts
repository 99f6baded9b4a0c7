import { gunzipSync } from "node:zlib";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import type { ZodType } from "zod";
import { WEBHOOK_EVENT_TYPES } from "../../src/domain/webhooks";
import { OPENAPI_EXAMPLES } from "../../src/routes/openapi-examples";
import { grantInput, grantPatch } from "../../src/routes/v1/access-grants/schema";
import { apiKeyInput } from "../../src/routes/v1/api-keys/schema";
import { connectionInput } from "../../src/routes/v1/connections/schema";
import { contactInput, contactPatch } from "../../src/routes/v1/contacts/schema";
import { feedInput, feedPatch } from "../../src/routes/v1/feeds/schema";
import { keypadInput } from "../../src/routes/v1/lock-events/schema";
import { lockInput, lockPatch } from "../../src/routes/v1/locks/schema";
import { previewInput } from "../../src/routes/v1/messages-actions/schema";
import { propertyInput, propertyPatch } from "../../src/routes/v1/properties/schema";
import { stayInput, stayPatch } from "../../src/routes/v1/stays/schema";
import { inviteInput, memberUpdate } from "../../src/routes/v1/team/schema";
import { webhookEndpointInput, webhookEndpointPatch } from "../../src/routes/v1/webhook-endpoints/schema";
import { apiHarness } from "../support/api-client";

type Operation = { operationId?: string; summary?: string; requestBody?: unknown; responses: Record<string, unknown> };

type Schema = { $ref?: string; example?: unknown; allOf?: Schema[]; properties?: Record<string, unknown>; required?: string[]; type?: unknown; items?: Schema };
type Content = Record<string, { schema?: Schema; example?: unknown }>;

async function openapi(env: Record<string, string> = {}) {
  const { app } = await apiHarness({ env });
  const res = await app.request("/api/v1/openapi.json");
  return (await res.json()) as { servers: { url: string }[]; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };
}

/** A schema's example: its own, its referenced component's, or a list page's built from its item's. */
function exampleOf(doc: Awaited<ReturnType<typeof openapi>>, schema: Schema | undefined): unknown {
  if (!schema) return undefined;
  if (schema.$ref) return exampleOf(doc, doc.components.schemas[schema.$ref.split("/").at(-1)!]);
  if (schema.example !== undefined) return schema.example;
  const items = (schema.properties?.data as Schema | undefined)?.items;
  const item = items ? exampleOf(doc, items) : undefined;
  return item === undefined ? undefined : { data: [item], nextCursor: null };
}

/** Every field a schema names (through allOf), and those it requires. */
function fieldsOf(doc: Awaited<ReturnType<typeof openapi>>, schema: Schema): { names: Set<string>; required: string[] } {
  if (schema.$ref) return fieldsOf(doc, doc.components.schemas[schema.$ref.split("/").at(-1)!]!);
  const parts = [schema, ...(schema.allOf ?? []).map((s) => fieldsOf(doc, s))];
  const names = new Set<string>();
  const required: string[] = [];
  for (const part of parts) {
    if ("names" in part) {
      part.names.forEach((n) => names.add(n as string));
      required.push(...(part.required as string[]));
    } else {
      Object.keys(part.properties ?? {}).forEach((n) => names.add(n));
      required.push(...(part.required ?? []));
    }
  }
  return { names, required };
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

  it("shows an example of what every operation under /api/v1 takes and answers in JSON", async () => {
    const doc = await openapi();
    const missing: string[] = [];
    for (const { method, path, op } of operations(doc).filter(({ path }) => path.startsWith("/api/v1"))) {
      const body = (op.requestBody as { content?: Content } | undefined)?.content?.["application/json"];
      if (body && body.example === undefined && exampleOf(doc, body.schema) === undefined) missing.push(`${method} ${path} request`);
      for (const [status, response] of Object.entries(op.responses)) {
        const json = (response as { content?: Content }).content?.["application/json"];
        if (status.startsWith("2") && json && json.example === undefined && exampleOf(doc, json.schema) === undefined) missing.push(`${method} ${path} ${status}`);
      }
    }
    expect(missing).toEqual([]);
    expect(exampleOf(doc, (doc.paths["/api/v1/stays"]!.get!.responses["200"] as { content: Content }).content["application/json"]!.schema)).toMatchObject({
      data: [{ reservationCode: "HMX4K2Q9TZ", checkInDate: "2027-06-12" }],
    });
  });

  it("request examples pass the API's own input rules", () => {
    const inputs: Record<string, ZodType> = {
      PropertyInput: propertyInput, PropertyPatch: propertyPatch, ProviderConnectionInput: connectionInput, LockInput: lockInput, LockPatch: lockPatch,
      FeedInput: feedInput, FeedPatch: feedPatch, ContactInput: contactInput, ContactPatch: contactPatch, ManualStayInput: stayInput, StayPatch: stayPatch,
      AccessGrantInput: grantInput, AccessGrantPatch: grantPatch, MessagePreviewInput: previewInput, KeypadInput: keypadInput, ApiKeyInput: apiKeyInput,
      InviteInput: inviteInput, MemberUpdate: memberUpdate, WebhookEndpointInput: webhookEndpointInput, WebhookEndpointPatch: webhookEndpointPatch,
    };
    for (const [name, schema] of Object.entries(inputs)) {
      const parsed = schema.safeParse(OPENAPI_EXAMPLES[name]);
      expect(parsed.success ? [] : parsed.error.issues, name).toEqual([]);
    }
  });

  it("answer examples carry exactly the fields their schema names", async () => {
    const doc = await openapi();
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      const example = schema.example as Record<string, unknown> | undefined;
      if (!example || typeof example !== "object" || name.endsWith("Input") || name.endsWith("Patch") || name === "MemberUpdate" || name === "AccountExport") continue;
      const { names, required } = fieldsOf(doc, schema);
      if (names.size === 0) continue;
      expect(Object.keys(example).filter((k) => !names.has(k)), `${name}: fields not in the schema`).toEqual([]);
      expect(required.filter((k) => !(k in example)), `${name}: required fields missing`).toEqual([]);
    }
  });

  it("describes every outbound webhook event: its signed headers and a body schema carrying no contact details", async () => {
    const doc = (await openapi()) as Awaited<ReturnType<typeof openapi>> & { webhooks: Record<string, { post: Operation & { parameters: { name: string }[]; requestBody: { content: Content } } }> };
    expect(Object.keys(doc.webhooks).sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
    for (const [type, { post }] of Object.entries(doc.webhooks)) {
      expect(post.parameters.map((p) => p.name), type).toEqual(["webhook-id", "webhook-timestamp", "webhook-signature"]);
      const body = doc.components.schemas[post.requestBody.content["application/json"]!.schema!.$ref!.split("/").at(-1)!]!;
      expect((body.properties!.type as { enum: string[] }).enum, type).toContain(type);
      const data = Object.keys((body.properties!.data as Schema).properties!);
      expect(data, type).toContain("id");
      expect(data.filter((f) => /phone|email|pin|url|body|recipient/i.test(f)), type).toEqual([]);
    }
  });

  it("describes the guest check-in pages, with 429 where their tries are limited", async () => {
    const doc = await openapi();
    for (const [path, method] of [["/checkin/{token}", "get"], ["/checkin/{token}", "post"], ["/g/{token}", "get"], ["/g/{token}/contact", "post"]] as const) {
      const op = doc.paths[path]?.[method];
      expect(op, `${method} ${path}`).toBeDefined();
      expect(op!.responses).toHaveProperty("429");
      expect(op!.responses).not.toHaveProperty("413");
    }
    const limited = operations(doc).filter(({ op }) => "429" in op.responses).map(({ method, path }) => `${method} ${path}`);
    expect(limited.every((op) => /\/(checkin|g)\//.test(op)), limited.join(", ")).toBe(true);
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
