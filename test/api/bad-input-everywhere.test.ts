import { describe, expect, it } from "vitest";
import { apiHarness } from "../support/api-client";
import { seedAccount } from "./seed";

// bad-input.test.ts checks each write endpoint's own rules by hand; this one reads every operation with a JSON body
// from the OpenAPI document (so one added later is covered without touching it) and sends it what a broken client
// or a probe sends: malformed JSON, a body of the wrong shape, and each documented field in turn with a value of the
// wrong type. Every answer must be a 4xx problem (nothing stored is the business of bad-input.test.ts), never a 2xx
// that accepted it and never a 5xx.

type Schema = { $ref?: string; example?: unknown; type?: string | string[]; properties?: Record<string, Schema>; enum?: unknown[]; anyOf?: Schema[]; oneOf?: Schema[]; allOf?: Schema[]; items?: Schema };
type Operation = { requestBody?: { content?: Record<string, { schema?: Schema; example?: unknown }> } };
type Doc = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

const resolve = (doc: Doc, s: Schema): Schema => (s.$ref ? resolve(doc, doc.components.schemas[s.$ref.split("/").at(-1)!]!) : s);

/** Every field any variant of the body names, with the JSON types it takes. */
function fieldsOf(doc: Doc, schema: Schema): Map<string, Schema> {
  const s = resolve(doc, schema);
  const out = new Map<string, Schema>();
  for (const part of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) for (const [k, v] of fieldsOf(doc, part)) out.set(k, v);
  for (const [k, v] of Object.entries(s.properties ?? {})) out.set(k, resolve(doc, v));
  return out;
}

const typesOf = (doc: Doc, s: Schema): string[] => {
  const r = resolve(doc, s);
  const variants = r.anyOf ?? r.oneOf;
  if (variants) return variants.flatMap((v) => typesOf(doc, v));
  if (r.enum) return ["enum"];
  return r.type === undefined ? [] : [r.type].flat();
};

/** A value no field of these types takes (null is fine for a nullable field, so it is never the wrong value). */
function wrongValueFor(types: string[]): unknown {
  if (types.length === 0) return undefined; // any value documented
  if (!types.includes("object")) return { wrong: "an object where none is taken" };
  if (!types.includes("array")) return ["an array where none is taken"];
  return undefined;
}

describe("every write operation in the OpenAPI document", () => {
  it("answers malformed JSON, a wrong-shaped body and each wrongly typed field with a 4xx problem", async () => {
    const { app, deps, a } = await apiHarness();
    const seeded = await seedAccount(deps, a);
    const doc = (await (await app.request("/api/v1/openapi.json")).json()) as Doc;
    const idFor = (path: string) => {
      const collection = path.split("/")[3];
      const known: Record<string, string> = {
        properties: seeded.property.id, locks: seeded.lock.id, feeds: seeded.feed.id, contacts: seeded.contact.id, stays: seeded.stay.id,
        "access-codes": seeded.codeId, messages: seeded.messageId, alerts: seeded.alertId,
      };
      return known[collection!] ?? "id_that_does_not_exist";
    };

    const wrong: string[] = [];
    let sent = 0;
    const send = async (method: string, path: string, body: string, what: string) => {
      const res = await a.request(method, path, body, { "content-type": "application/json" });
      sent++;
      if (res.status < 400 || res.status >= 500) wrong.push(`${method} ${path} with ${what}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
      else if (typeof res.body !== "object" || res.body === null || typeof (res.body as { code?: unknown }).code !== "string") wrong.push(`${method} ${path} with ${what}: ${res.status} without a problem body`);
    };

    for (const [template, ops] of Object.entries(doc.paths)) {
      if (!template.startsWith("/api/v1/")) continue;
      const path = template.replace(/\{[^}]+\}/g, () => idFor(template));
      for (const [method, op] of Object.entries(ops)) {
        const content = op.requestBody?.content?.["application/json"];
        const schema = content?.schema;
        if (!schema) continue;
        // The documented example is the valid body each wrong field is put into, so the type check itself is what refuses it.
        const example = content?.example ?? resolve(doc, schema).example;
        const base = example !== null && typeof example === "object" && !Array.isArray(example) ? (example as Record<string, unknown>) : {};
        const m = method.toUpperCase();
        await send(m, path, "{\"name\": ", "malformed JSON");
        await send(m, path, "[1, 2, 3]", "an array for a body");
        await send(m, path, "\"a string\"", "a string for a body");
        for (const [field, fieldSchema] of fieldsOf(doc, schema)) {
          const value = wrongValueFor(typesOf(doc, fieldSchema));
          if (value === undefined) continue;
          await send(m, path, JSON.stringify({ ...base, [field]: value }), `${field} = ${JSON.stringify(value)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    // The document's write operations were all reached: a generator that found none would check nothing.
    expect(sent).toBeGreaterThan(150);
  });
});
