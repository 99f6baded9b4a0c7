import { describe, expect, it } from "vitest";
import { apiHarness } from "../support/api-client";
import { everyTable, sameProblemAs } from "../support/database-snapshot";
import { seedAccount, seedEveryKind } from "./seed";

// isolation.test.ts names endpoints by hand; this one reads every operation on one object (`/{id}`) from the OpenAPI
// document, so an operation added later is covered without touching it. Account B calls each with account A's object
// (and the documented example body): the answer must be exactly what a missing id gets, and nothing in the database
// may change.

type Operation = { requestBody?: { content?: Record<string, { schema?: { $ref?: string }; example?: unknown }> } };
type Doc = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, { example?: unknown }> } };

// What a request may touch without being a change to anyone's data: B's own key's last-used time (batched).
const NOT_DATA = ["api_keys"];

describe("every operation on one object, called by another account", () => {
  it("answers exactly as for a missing id and changes nothing", async () => {
    const { app, deps, a, b } = await apiHarness();
    const A = await seedAccount(deps, a);
    const B = await seedAccount(deps, b);
    await seedEveryKind(deps, a, A);
    const doc = (await (await app.request("/api/v1/openapi.json")).json()) as Doc;

    // A's first object of each collection, as A's own list shows it.
    const aIds = new Map<string, string>();
    for (const template of Object.keys(doc.paths)) {
      const collection = template.split("/")[3]!;
      if (aIds.has(collection) || !doc.paths[`/api/v1/${collection}`]?.get) continue;
      const list = await a.request("GET", `/api/v1/${collection}`);
      const first = (list.body as { data?: Array<{ id?: string }> }).data?.[0]?.id;
      if (first) aIds.set(collection, first);
    }

    const leaks: string[] = [];
    const unreached: string[] = [];
    let called = 0;
    for (const [template, ops] of Object.entries(doc.paths)) {
      if (!template.startsWith("/api/v1/") || !template.includes("{id}")) continue;
      const collection = template.split("/")[3]!;
      const id = aIds.get(collection);
      if (!id) {
        unreached.push(template);
        continue;
      }
      const missingId = `${id.split("_")[0]}_0doesnotexist000000`;
      // Other parameters are B's own: B's property when attaching A's lock to it, a delivery that does not exist.
      const fill = (objectId: string) => template.replace("{id}", objectId).replace("{propertyId}", B.property.id).replace(/\{[^}]+\}/g, "whdl_0doesnotexist0000");
      for (const [method, op] of Object.entries(ops)) {
        const content = op.requestBody?.content?.["application/json"];
        const example = content?.example ?? (content?.schema?.$ref ? doc.components.schemas[content.schema.$ref.split("/").at(-1)!]?.example : undefined);
        const m = method.toUpperCase();
        const before = everyTable(deps, NOT_DATA);
        const foreign = await b.request(m, fill(id), example);
        const changed = everyTable(deps, NOT_DATA) !== before;
        const missing = await b.request(m, fill(missingId), example);
        called++;
        const what = `${m} ${template}`;
        if (foreign.status < 400) leaks.push(`${what}: ${foreign.status} for A's object`);
        if (changed) leaks.push(`${what}: changed the database`);
        if (foreign.status !== missing.status) leaks.push(`${what}: ${foreign.status} for A's object, ${missing.status} for a missing id`);
        else if (JSON.stringify(sameProblemAs(foreign.body, id)) !== JSON.stringify(sameProblemAs(missing.body, missingId))) leaks.push(`${what}: answers A's object differently from a missing id`);
      }
    }
    expect(leaks).toEqual([]);
    expect(unreached).toEqual([]);
    expect(called).toBeGreaterThan(40);
    // A's data is still A's: the property is readable and unchanged by all of B's attempts.
    expect((await a.request("GET", `/api/v1/properties/${A.property.id}`)).body).toMatchObject({ name: "Beach House" });
  });
});
