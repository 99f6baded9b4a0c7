import { beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../../src/services/accounts/api-keys";
import { userProperties } from "../../src/db/schema";
import { apiHarness } from "../support/api-client";
import { createWebhookEndpoint } from "../../src/services/webhooks";
import { testWorld } from "../support/world";
import { webClient } from "../web/web-client";

type Role = "owner" | "manager" | "scoped" | "read_only" | "cleaner";
const ROLES: Role[] = ["cleaner", "read_only", "scoped", "manager", "owner"];
const OWNER_ONLY = new Set(["members", "invites", "account", "export"]);
const PROPERTY_AREAS = new Set(["properties", "stays", "locks", "feeds", "access-codes", "messages", "turnovers"]);

/**
 * Every route of the API document × every role: the access policy is checked against what the API really answers, so
 * a route added later is in the matrix without anyone listing it. The scoped manager is limited to property A; every
 * id in a path belongs to property B (or to the account as a whole).
 */
describe("API roles: every route × every role", () => {
  let h: Awaited<ReturnType<typeof apiHarness>>;
  const keys = {} as Record<Role, string>;
  const ids: Record<string, string> = {};
  let propA = "";
  let routes: Array<{ method: string; path: string }> = [];

  beforeAll(async () => {
    h = await apiHarness();
    const world = testWorld(h.deps);
    const accountId = h.a.accountId;
    const a = world.property(accountId, { name: "A" });
    const b = world.property(accountId, { name: "B" });
    propA = a.id;
    const lock = world.lock(b.id);
    const stay = world.stay(b.id);
    const contact = world.cleaner(b.id, { name: "Cleo", phone: "+14155550999" });
    Object.assign(ids, {
      properties: b.id, locks: lock.id, stays: stay.id, feeds: world.feed(b.id).id, "access-codes": world.code(lock.id, { stayId: stay.id }).id,
      messages: world.message(accountId, { propertyId: b.id, stayId: stay.id }).id, alerts: world.alert(accountId, { subjectId: lock.id }).id,
      contacts: contact.id, connections: world.connection(accountId).id, turnovers: world.turnover(stay.id).id,
    });
    const member = async (role: "manager" | "cleaner", email: string) => world.user(accountId, { email, role, password: "a long enough password", ...(role === "cleaner" ? { contactId: contact.id } : {}) });
    const manager = await member("manager", "m@example.com");
    const scoped = await member("manager", "s@example.com");
    h.deps.db.insert(userProperties).values({ userId: scoped.id, propertyId: a.id }).run();
    const cleaner = await member("cleaner", "c@example.com");
    const key = (userId: string | null, role: "owner" | "manager" | "read_only") => createApiKey(h.deps.db, h.deps.clock, { accountId, userId, name: role, role }).key;
    keys.owner = h.a.key;
    keys.manager = key(manager.id, "owner"); // a manager's key never acts above its member
    keys.scoped = key(scoped.id, "manager");
    keys.read_only = key(null, "read_only");
    keys.cleaner = key(cleaner.id, "manager");
    ids["api-keys"] = createApiKey(h.deps.db, h.deps.clock, { accountId, userId: null, name: "x" }).id;
    ids.members = manager.id;
    ids.invites = "inv_missing";
    ids["webhook-endpoints"] = (await createWebhookEndpoint(h.deps, { accountId, userId: null }, { url: "https://8.8.8.8/hook", eventTypes: ["stay.created"] })).row.id;
    const doc = (await (await h.app.request("/api/v1/openapi.json")).json()) as { paths: Record<string, Record<string, unknown>> };
    // The API's own routes: the document also describes provider webhooks and iCal feeds, which take no API key.
    routes = Object.entries(doc.paths).filter(([path]) => path.startsWith("/api/v1/")).flatMap(([path, ops]) => Object.keys(ops).filter((m) => m !== "parameters").map((method) => ({ method: method.toUpperCase(), path })));
  });

  const call = (role: Role, method: string, path: string, body?: unknown) =>
    h.app.request(path, { method, headers: { authorization: `Bearer ${keys[role]}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });

  it("covers the whole document", () => {
    expect(routes.length).toBeGreaterThan(40);
  });

  for (const role of ROLES) {
    it(`answers a ${role} as the role allows on every route`, async () => {
      const wrong: string[] = [];
      for (const { method, path: template } of routes) {
        const area = template.split("/")[3] ?? "";
        const reads = method === "GET";
        // Where a role may write, the write goes to a missing id so the matrix changes nothing; property B's ids otherwise.
        const writeAllowed = !reads && (role === "owner" || (role === "manager" && !OWNER_ONLY.has(area)));
        const path = template.replace(/\{[^}]+\}/g, () => (writeAllowed ? "x_missing" : ids[area] ?? "x_missing"));
        const hasId = template.includes("{");
        const res = await call(role, method, path, reads ? undefined : {});
        let expected: (s: number) => boolean;
        if (role === "cleaner") expected = (s) => s === 403;
        else if (role === "read_only") expected = reads && !OWNER_ONLY.has(area) ? (s) => s !== 401 && s !== 403 : (s) => s === 403;
        else if (OWNER_ONLY.has(area) && role !== "owner") expected = (s) => s === 403;
        else if (role === "scoped" && area !== "api-keys") {
          if (PROPERTY_AREAS.has(area) && hasId) expected = (s) => s === 404;
          else if (area === "properties" && reads) expected = (s) => s === 200;
          else expected = (s) => s === 403;
        } else expected = (s) => s !== 401 && s !== 403;
        if (!expected(res.status)) wrong.push(`${method} ${path} → ${res.status}`);
      }
      expect(wrong).toEqual([]);
    });
  }

  it("lists only a scoped manager's own properties, and their own property's resources", async () => {
    const list = await (await call("scoped", "GET", "/api/v1/properties")).json();
    expect(list.data.map((p: { id: string }) => p.id)).toEqual([propA]);
    expect((await call("scoped", "GET", `/api/v1/properties/${propA}`)).status).toBe(200);
    expect((await call("scoped", "GET", `/api/v1/stays?propertyId=${propA}`)).status).toBe(200);
    expect((await call("scoped", "GET", `/api/v1/stays?propertyId=${ids.properties}`)).status).toBe(404);
    expect((await call("scoped", "POST", "/api/v1/stays", { propertyId: ids.properties, checkInDate: "2030-01-01", checkOutDate: "2030-01-03" })).status).toBe(404);
  });

  it("refuses a manager a key above their role, and shows each key's role", async () => {
    const res = await call("manager", "POST", "/api/v1/api-keys", { name: "x", role: "owner" });
    expect(res.status).toBe(400);
    const ok = await call("manager", "POST", "/api/v1/api-keys", { name: "ro", role: "read_only" });
    expect(ok.status).toBe(201);
    const listed = await (await call("manager", "GET", "/api/v1/api-keys")).json();
    // A manager sees their own keys only.
    expect(listed.data.map((k: { name: string; role: string }) => [k.name, k.role])).toEqual([["owner", "owner"], ["ro", "read_only"]]);
  });
});

describe("dashboard roles", () => {
  it("gives each role its pages: a manager of property A gets 404 on property B, a cleaner only the portal", async () => {
    const h = await apiHarness();
    const world = testWorld(h.deps);
    const accountId = h.a.accountId;
    const a = world.property(accountId, { name: "A" });
    const b = world.property(accountId, { name: "B" });
    const stayB = world.stay(b.id);
    const password = "a long enough password";
    await world.user(accountId, { email: "owner2@example.com", role: "manager", password });
    const scoped = await world.user(accountId, { email: "scoped@example.com", role: "manager", password });
    h.deps.db.insert(userProperties).values({ userId: scoped.id, propertyId: a.id }).run();
    await world.user(accountId, { email: "cleaner@example.com", role: "cleaner", password, contactId: world.cleaner(a.id, { name: "C", phone: "+14155550100" }).id });
    const signedIn = async (email: string) => {
      const client = webClient(h.app);
      expect((await client.signIn(email, password)).status).toBe(303);
      return client;
    };
    const manager = await signedIn("owner2@example.com");
    const scopedClient = await signedIn("scoped@example.com");
    const cleaner = await signedIn("cleaner@example.com");

    expect((await manager.get(`/dashboard/properties/${b.id}`)).status).toBe(200);
    expect((await manager.get("/dashboard/team")).status).toBe(303);

    expect((await scopedClient.get(`/dashboard/properties/${a.id}`)).status).toBe(200);
    expect((await scopedClient.get(`/dashboard/properties/${b.id}`)).status).toBe(404);
    expect((await scopedClient.get(`/dashboard/stays/${stayB.id}`)).status).toBe(404);
    expect((await scopedClient.get("/dashboard/outbox")).status).toBe(403);
    // Their own API keys are theirs whatever their properties.
    expect((await scopedClient.get("/dashboard/api-keys")).status).toBe(200);
    expect((await scopedClient.get("/dashboard")).status).toBe(200);
    const overview = await scopedClient.get("/dashboard/properties");
    expect(overview.html).toContain(">A<");
    expect(overview.html).not.toContain(">B<");

    for (const page of ["/dashboard", "/dashboard/properties", `/dashboard/properties/${a.id}`, "/dashboard/alerts", "/dashboard/outbox", "/dashboard/team", "/dashboard/api-keys"]) {
      const res = await cleaner.get(page);
      expect([page, res.status, res.location]).toEqual([page, 303, "/cleaner"]);
    }
  });
});
