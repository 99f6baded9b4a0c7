import { describe, expect, it } from "vitest";
import { apiHarness } from "../support/api-client";
import { seedAccount, seedEveryKind } from "./seed";

// Every JSON answer of every GET operation the OpenAPI document publishes, on an account with one of everything, is
// checked against the response schema the document gives for it: each field has the documented type, required fields
// are there, and no field is sent that the document does not name (an undocumented field is one integrators start
// to depend on without a contract, like the planner's bookkeeping the stay answers used to carry). The paths are read
// from the document itself, so an operation added later is checked without touching this test.

type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
  nullable?: boolean;
};
type Doc = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: Schema }> }> }>>; components: { schemas: Record<string, Schema> } };

const typeOf = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v === "number" ? (Number.isInteger(v) ? "integer" : "number") : typeof v);

/** What is wrong with `value` under `schema` (empty when it conforms), each problem with its JSON path. */
function problems(doc: Doc, schema: Schema, value: unknown, at = "$"): string[] {
  if (schema.$ref) return problems(doc, doc.components.schemas[schema.$ref.split("/").at(-1)!]!, value, at);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) {
    const each = variants.map((v) => problems(doc, v, value, at));
    return each.some((p) => p.length === 0) ? [] : each.flat();
  }
  if (schema.allOf) {
    // The parts together name the fields: merge them before judging undocumented ones.
    const merged: Schema = { type: "object", properties: {}, required: [] };
    for (const part of schema.allOf) {
      const resolved = part.$ref ? doc.components.schemas[part.$ref.split("/").at(-1)!]! : part;
      Object.assign(merged.properties!, resolved.properties);
      merged.required!.push(...(resolved.required ?? []));
    }
    return problems(doc, merged, value, at);
  }
  const actual = typeOf(value);
  const types = schema.type === undefined ? undefined : [schema.type].flat();
  if (value === null && (schema.nullable || types?.includes("null"))) return [];
  if (schema.enum && !schema.enum.includes(value)) return [`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`];
  if (types && !types.includes(actual) && !(actual === "integer" && types.includes("number"))) return [`${at}: ${actual}, documented ${types.join("|")}`];
  if (actual === "array" && schema.items) return (value as unknown[]).flatMap((item, i) => problems(doc, schema.items!, item, `${at}[${i}]`));
  if (actual !== "object" || !schema.properties) return [];
  const obj = value as Record<string, unknown>;
  const out = (schema.required ?? []).filter((k) => !(k in obj)).map((k) => `${at}.${k}: required, missing`);
  for (const [k, v] of Object.entries(obj)) {
    const field = schema.properties[k];
    if (field) out.push(...problems(doc, field, v, `${at}.${k}`));
    else if (typeof schema.additionalProperties === "object") out.push(...problems(doc, schema.additionalProperties, v, `${at}.${k}`));
    else if (schema.additionalProperties !== true) out.push(`${at}.${k}: not in the document`);
  }
  return out;
}

// Asks the vendor (no network here): test/team/connection-devices*.test.ts checks it against the Seam fake and the
// Home Assistant emulator.
const ASKS_A_VENDOR = new Set(["/api/v1/connections/{id}/devices"]);

describe("every published GET answer", () => {
  it("has exactly the fields, types and required fields its OpenAPI response schema gives", async () => {
    const { app, deps, a } = await apiHarness();
    const seeded = await seedAccount(deps, a);
    await seedEveryKind(deps, a, seeded);
    const doc = (await (await app.request("/api/v1/openapi.json")).json()) as Doc;

    const firstId = new Map<string, string>();
    const checked: string[] = [];
    const found: string[] = [];
    const gets = Object.entries(doc.paths).filter(([path, ops]) => path.startsWith("/api/v1/") && path !== "/api/v1/openapi.json" && ops.get);
    // Lists first, so an item path can take its id from its list's first item.
    gets.sort(([p], [q]) => (p.split("{").length - q.split("{").length) || p.localeCompare(q));
    for (const [path, ops] of gets) {
      const schema = ops.get!.responses["200"]?.content?.["application/json"]?.schema;
      if (!schema || ASKS_A_VENDOR.has(path)) continue; // CSV and other non-JSON answers
      const collection = path.split("/{")[0]!;
      const id = path.includes("{id}") ? firstId.get(collection) : undefined;
      if (path.includes("{") && !id) {
        found.push(`${path}: no item to ask for (its list was empty)`);
        continue;
      }
      const res = await a.request("GET", path.replace("{id}", id ?? ""));
      expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBe(200);
      const data = (res.body as { data?: Array<{ id?: string }> }).data;
      if (!path.includes("{") && Array.isArray(data)) {
        if (data.length === 0) found.push(`${path}: an empty list checks nothing`);
        else if (data[0]!.id) firstId.set(path, data[0]!.id);
      }
      found.push(...problems(doc, schema, res.body, path));
      checked.push(path);
    }
    expect(found).toEqual([]);
    // The document's main collections were all asked, items included: a renamed path cannot silently drop out.
    for (const path of ["/api/v1/stays", "/api/v1/stays/{id}", "/api/v1/access-grants/{id}", "/api/v1/lock-events", "/api/v1/webhook-endpoints/{id}", "/api/v1/connections/{id}", "/api/v1/access-codes/{id}", "/api/v1/invites", "/api/v1/export"]) {
      expect(checked).toContain(path);
    }
  });

  it("finds an undocumented field, a wrong type and a missing field", () => {
    const doc: Doc = { paths: {}, components: { schemas: { Thing: { type: "object", properties: { id: { type: "string" }, n: { type: ["integer", "null"] } }, required: ["id", "n"] } } } };
    const thing: Schema = { $ref: "#/components/schemas/Thing" };
    expect(problems(doc, thing, { id: "x", n: null })).toEqual([]);
    expect(problems(doc, thing, { id: "x", n: 2, extra: 1 }, "$")).toEqual(["$.extra: not in the document"]);
    expect(problems(doc, thing, { id: 3, n: 2 }, "$")).toEqual(["$.id: integer, documented string"]);
    expect(problems(doc, thing, { id: "x" }, "$")).toEqual(["$.n: required, missing"]);
  });
});
