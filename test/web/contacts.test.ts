import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { accessCodes, contacts, propertyCleaners, userProperties } from "../../src/db/schema";
import { signedInHost } from "./signed-in-host";
import { webClient } from "./web-client";

const PASSWORD = "host-password-1";

async function hostWithPeople() {
  const h = await signedInHost({ email: "host@example.com", password: PASSWORD });
  const cabin = h.world.property(h.owner.accountId, { name: "Cabin", timezone: "America/Denver" });
  const loft = h.world.property(h.owner.accountId, { name: "Loft", timezone: "Europe/Lisbon" });
  const cleo = h.world.cleaner([cabin.id, loft.id], { name: "Cleo Park", phone: "+14155550199" });
  const ana = h.world.stay(cabin.id, { guestName: "Ana Ruiz", guestEmail: "ana@example.com" });
  h.world.stay(loft.id, { guestName: "Bo Silva", guestPhone: "+351912345678" });
  const csrf = await h.client.csrfFrom("/dashboard");
  const assigned = (contactId: string) => h.deps.db.select().from(propertyCleaners).where(eq(propertyCleaners.contactId, contactId)).all().map((r) => r.propertyId).sort();
  return { ...h, cabin, loft, cleo, ana, csrf, assigned };
}

describe("the Contacts page", () => {
  it("lists cleaners with their properties and guests with their stays, from the navigation, and searches phones and emails", async () => {
    const h = await hostWithPeople();
    const page = await h.client.get("/dashboard/contacts");
    expect(page.status).toBe(200);
    expect(page.html).toContain('href="/dashboard/contacts" aria-current="page"');
    expect(page.html).toContain("Cleo Park");
    expect(page.html).toContain("Cleans Cabin, Loft");
    expect(page.html).toContain(`href="/dashboard/stays/${h.ana.id}"`);
    expect(page.html).toContain("Bo Silva");

    const byEmail = (await h.client.get("/dashboard/contacts?q=ana%40example")).html;
    expect(byEmail).toContain("Ana Ruiz");
    expect(byEmail).not.toContain("Bo Silva");
    expect(byEmail).not.toContain("Cleo Park");
    const byName = (await h.client.get("/dashboard/contacts?q=silva")).html;
    expect(byName).toContain("Bo Silva");
    expect(byName).not.toContain("Ana Ruiz");
  });

  it("adds a cleaner assigned to properties, and refuses one nobody can reach", async () => {
    const h = await hostWithPeople();
    const refused = await h.client.post("/dashboard/contacts", { _csrf: h.csrf, name: "Dee", phone: "", email: "" });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain("Cleaner not added");
    expect(refused.html).toContain('value="Dee"');

    const res = await h.client.post("/dashboard/contacts", { _csrf: h.csrf, name: "Dee", phone: "+1 415 555 0142", email: "", propertyIds: h.loft.id });
    expect(res.status).toBe(303);
    const dee = h.deps.db.select().from(contacts).where(eq(contacts.name, "Dee")).get()!;
    expect(dee.role).toBe("cleaner");
    expect(h.assigned(dee.id)).toEqual([h.loft.id]);
  });

  it("takes a property away from a cleaner, and their code there leaves the lock", async () => {
    const h = await hostWithPeople();
    const lock = h.world.lock(h.cabin.id, { name: "Cabin door" });
    const code = h.world.code(lock.id, { purpose: "cleaner", contactId: h.cleo.id, state: "active", providerCodeId: "sim-1" });
    const edit = await h.client.get(`/dashboard/contacts/${h.cleo.id}`);
    expect(edit.html).toContain("Cleans these properties");
    const res = await h.client.post(`/dashboard/contacts/${h.cleo.id}`, { _csrf: h.csrf, name: "Cleo Park", phone: "+14155550199", email: "cleo@example.com", propertyIds: h.loft.id });
    expect(res.status).toBe(303);
    expect(h.assigned(h.cleo.id)).toEqual([h.loft.id]);
    expect(h.deps.db.select().from(accessCodes).where(eq(accessCodes.id, code.id)).get()!.state).toBe("revoking");
    expect((await h.client.get(`/dashboard/contacts/${h.cleo.id}`)).html).toContain('value="cleo@example.com"');
  });

  it("assigns cleaners from the property page", async () => {
    const h = await hostWithPeople();
    const dee = h.world.contact(h.owner.accountId, { role: "cleaner", name: "Dee", email: "dee@example.com" });
    const page = (await h.client.get(`/dashboard/properties/${h.cabin.id}`)).html;
    expect(page).toContain("Choose cleaners");
    const res = await h.client.post(`/dashboard/properties/${h.cabin.id}/cleaners`, { _csrf: h.csrf, contactIds: dee.id });
    expect(res.status).toBe(303);
    expect(h.assigned(dee.id)).toEqual([h.cabin.id]);
    expect(h.assigned(h.cleo.id)).toEqual([h.loft.id]);
    expect((await h.client.post(`/dashboard/properties/${h.cabin.id}/cleaners`, { _csrf: h.csrf, contactIds: "ctc_missing" })).status).toBe(404);
  });

  it("shows a manager limited to one property only its cleaners and guests, and answers 404 for the rest", async () => {
    const h = await hostWithPeople();
    const other = h.world.cleaner([h.loft.id], { name: "Otto Loft", phone: "+14155550177" });
    const scoped = await h.world.user(h.owner.accountId, { email: "scoped@example.com", role: "manager", password: PASSWORD });
    h.deps.db.insert(userProperties).values({ userId: scoped.id, propertyId: h.cabin.id }).run();
    const client = webClient(h.app);
    await client.signIn("scoped@example.com", PASSWORD);
    const csrf = await client.csrfFrom("/dashboard");
    const page = (await client.get("/dashboard/contacts")).html;
    expect(page).toContain("Cleo Park");
    expect(page).toContain("Ana Ruiz");
    expect(page).not.toContain("Otto Loft");
    expect(page).not.toContain("Bo Silva");
    expect((await client.get(`/dashboard/contacts/${other.id}`)).status).toBe(404);
    expect((await client.post(`/dashboard/contacts/${other.id}`, { _csrf: csrf, name: "Renamed" })).status).toBe(404);
    expect((await client.post("/dashboard/contacts", { _csrf: csrf, name: "Eve", email: "eve@example.com" })).status).toBe(403);
    // Unticking Cabin leaves Cleo's Loft assignment, which this manager does not see, as it is.
    expect((await client.post(`/dashboard/contacts/${h.cleo.id}`, { _csrf: csrf, name: "Cleo Park", phone: "+14155550199" })).status).toBe(303);
    expect(h.assigned(h.cleo.id)).toEqual([h.loft.id]);

    await h.world.account({ email: "b@example.com", password: PASSWORD });
    const stranger = webClient(h.app);
    await stranger.signIn("b@example.com", PASSWORD);
    expect((await stranger.get(`/dashboard/contacts/${h.cleo.id}`)).status).toBe(404);
    expect((await stranger.get("/dashboard/contacts")).html).not.toContain("Cleo Park");
  });
});
