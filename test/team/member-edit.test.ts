import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { accessCodes, apiKeys, auditEvents, propertyCleaners, users } from "../../src/db/schema";
import { createApiKey } from "../../src/services/accounts/api-keys";
import { signedInHost } from "../web/signed-in-host";
import { webClient } from "../web/web-client";

const password = "a long enough password";

async function teamWithManager() {
  const host = await signedInHost({ email: "owner@example.com", password });
  const { world, deps, owner } = host;
  const propA = world.property(owner.accountId, { name: "Apartment A" });
  const propB = world.property(owner.accountId, { name: "Bungalow B" });
  const manager = await world.user(owner.accountId, { email: "mia@example.com", name: "Mia", role: "manager", password });
  const mia = webClient(host.app);
  expect((await mia.signIn("mia@example.com", password)).status).toBe(303);
  return { ...host, deps, propA, propB, manager, mia };
}

describe("editing a member on the Team page", () => {
  it("narrows a manager to property A: property B reads as missing on their next request", async () => {
    const h = await teamWithManager();
    expect((await h.mia.get(`/dashboard/properties/${h.propB.id}`)).status).toBe(200);

    const team = await h.client.get("/dashboard/team");
    expect(team.html).toContain(`href="/dashboard/team/members/${h.manager.id}"`);
    const csrf = await h.client.csrfFrom(`/dashboard/team/members/${h.manager.id}`);
    const saved = await h.client.post(`/dashboard/team/members/${h.manager.id}`, { _csrf: csrf, role: "manager", propertyIds: h.propA.id });
    expect([saved.status, saved.location]).toEqual([303, "/dashboard/team"]);

    // Same session, next request: the scope is read on every request.
    expect((await h.mia.get(`/dashboard/properties/${h.propB.id}`)).status).toBe(404);
    expect((await h.mia.get(`/dashboard/properties/${h.propA.id}`)).status).toBe(200);
    const after = await h.client.get("/dashboard/team");
    expect(after.html).toMatch(/Mia<\/td>.*Apartment A/s);
    const audit = h.deps.db.select().from(auditEvents).where(eq(auditEvents.action, "team.member.update")).all();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.subjectId).toBe(h.manager.id);

    // Ticking nothing gives every property back.
    const csrf2 = await h.client.csrfFrom(`/dashboard/team/members/${h.manager.id}`);
    await h.client.post(`/dashboard/team/members/${h.manager.id}`, { _csrf: csrf2, role: "manager" });
    expect((await h.mia.get(`/dashboard/properties/${h.propB.id}`)).status).toBe(200);
  });

  it("makes a manager a cleaner: their API key stops working and the dashboard sends them to the portal", async () => {
    const h = await teamWithManager();
    const key = createApiKey(h.deps.db, h.deps.clock, { accountId: h.owner.accountId, userId: h.manager.id, name: "mia", role: "manager" });
    const asMia = () => h.app.request("/api/v1/properties", { headers: { authorization: `Bearer ${key.key}` } });
    expect((await asMia()).status).toBe(200);
    const csrf = await h.client.csrfFrom(`/dashboard/team/members/${h.manager.id}`);
    expect((await h.client.post(`/dashboard/team/members/${h.manager.id}`, { _csrf: csrf, role: "cleaner", propertyIds: h.propA.id })).status).toBe(303);

    expect((await asMia()).status).toBe(401);
    expect(h.deps.db.select().from(apiKeys).where(eq(apiKeys.id, key.id)).get()!.revokedAt).not.toBeNull();
    const dashboard = await h.mia.get("/dashboard");
    expect([dashboard.status, dashboard.location]).toEqual([303, "/cleaner"]);
    expect((await h.mia.get("/cleaner")).status).toBe(200);
    // A contact now receives her codes, cleaning property A.
    const contactId = h.deps.db.select().from(users).where(eq(users.id, h.manager.id)).get()!.contactId!;
    expect(h.deps.db.select().from(propertyCleaners).where(eq(propertyCleaners.contactId, contactId)).all().map((r) => r.propertyId)).toEqual([h.propA.id]);
  });

  it("takes a cleaner off property B along with the codes they held there", async () => {
    const h = await teamWithManager();
    const contact = h.world.cleaner([h.propA.id, h.propB.id], { name: "Cleo", phone: "+14155550123" });
    const cleaner = await h.world.user(h.owner.accountId, { email: "cleo@example.com", role: "cleaner", password, contactId: contact.id });
    const codeA = h.world.code(h.world.lock(h.propA.id).id, { contactId: contact.id, purpose: "cleaner", state: "active" });
    const codeB = h.world.code(h.world.lock(h.propB.id).id, { contactId: contact.id, purpose: "cleaner", state: "planned" });
    const csrf = await h.client.csrfFrom(`/dashboard/team/members/${cleaner.id}`);
    expect((await h.client.post(`/dashboard/team/members/${cleaner.id}`, { _csrf: csrf, role: "cleaner", propertyIds: h.propA.id })).status).toBe(303);
    const state = (id: string) => h.deps.db.select({ s: accessCodes.state }).from(accessCodes).where(eq(accessCodes.id, id)).get()!.s;
    expect(state(codeA.id)).toBe("active");
    expect(state(codeB.id)).toBe("cancelled");
    expect(h.deps.db.select().from(propertyCleaners).where(eq(propertyCleaners.contactId, contact.id)).all().map((r) => r.propertyId)).toEqual([h.propA.id]);
  });

  it("is the owner's alone, leaves the owner as they are and refuses another account's member or property", async () => {
    const h = await teamWithManager();
    const other = await h.world.account({ email: "other@example.com", password });
    const otherProperty = h.world.property(other.accountId, { name: "Elsewhere" });
    // The manager cannot reach the page (sent home), nor post to it.
    const page = await h.mia.get(`/dashboard/team/members/${h.manager.id}`);
    expect([page.status, page.location]).toEqual([303, "/dashboard"]);
    // The owner's own row has no edit screen; an unknown id is a 404.
    expect((await h.client.get(`/dashboard/team/members/${h.owner.userId}`)).status).toBe(303);
    expect((await h.client.get("/dashboard/team/members/user_missing")).status).toBe(404);
    const csrf = await h.client.csrfFrom(`/dashboard/team/members/${h.manager.id}`);
    const refused = await h.client.post(`/dashboard/team/members/${h.manager.id}`, { _csrf: csrf, role: "owner" });
    expect(refused.status).toBe(400);
    const foreign = await h.client.post(`/dashboard/team/members/${h.manager.id}`, { _csrf: csrf, role: "manager", propertyIds: otherProperty.id });
    expect(foreign.status).toBe(404);
    expect(h.deps.db.select().from(users).where(eq(users.id, h.manager.id)).get()!.role).toBe("manager");
  });
});
