import { describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { accessCodes } from "../../src/db/schema";
import { apiHarness } from "../support/api-client";
import { testWorld } from "../support/world";

describe("contacts API", () => {
  it("creates, reads, lists by role, patches and deletes a contact", async () => {
    const { a } = await apiHarness();
    const cleaner = await a.request("POST", "/api/v1/contacts", { role: "cleaner", name: "Cleo", phone: "+14155550999" });
    expect(cleaner.status).toBe(201);
    expect(cleaner.body).toMatchObject({ role: "cleaner", name: "Cleo", phone: "+14155550999", email: null, hasIcalFeed: false, propertyIds: [] });
    expect(Object.keys(cleaner.body).filter((k) => /Enc$|^legacy/.test(k))).toEqual([]);
    await a.request("POST", "/api/v1/contacts", { role: "alerts", name: "Host", email: "host@example.com" });
    const cleaners = await a.request("GET", "/api/v1/contacts?role=cleaner");
    expect(cleaners.body.data.map((c: any) => c.name)).toEqual(["Cleo"]);
    const patched = await a.request("PATCH", `/api/v1/contacts/${cleaner.body.id}`, { email: "cleo@example.com", phone: null });
    expect(patched.body).toMatchObject({ email: "cleo@example.com", phone: null, name: "Cleo" });
    expect((await a.request("DELETE", `/api/v1/contacts/${cleaner.body.id}`)).status).toBe(204);
    expect((await a.request("GET", `/api/v1/contacts/${cleaner.body.id}`)).status).toBe(404);
  });

  it("stores a number as people type it in E.164, and refuses one without its country code", async () => {
    const { a } = await apiHarness();
    const typedAndStored: Array<[string, string]> = [["+1 (415) 555-0199", "+14155550199"], ["0044 7700 900123", "+447700900123"], [" +49 170.123/4567 ", "+491701234567"]];
    for (const [typed, stored] of typedAndStored) {
      const res = await a.request("POST", "/api/v1/contacts", { role: "cleaner", name: "Cleo", phone: typed });
      expect(res.status, typed).toBe(201);
      expect(res.body.phone).toBe(stored);
      const patched = await a.request("PATCH", `/api/v1/contacts/${res.body.id}`, { phone: typed.trimEnd().replace(/\d$/, "8") });
      expect(patched.body.phone).toBe(stored.replace(/\d$/, "8"));
    }
    const stay = await a.request("POST", "/api/v1/stays", {
      propertyId: (await a.request("POST", "/api/v1/properties", { name: "Loft", timezone: "UTC" })).body.id,
      checkInDate: "2027-02-01", checkOutDate: "2027-02-03", guestName: "Ann", guestPhone: "+1 212-555-0100",
    });
    expect(stay.body).toMatchObject({ guestPhone: "+12125550100", guestPhoneLast4: "0100" });
    for (const typed of ["415 555 0199", "0170 1234567", "+1 (415) CALL-NOW", "12"]) {
      const res = await a.request("POST", "/api/v1/contacts", { role: "cleaner", name: "Cleo", phone: typed });
      expect(res.status, typed).toBe(400);
      expect(res.body.errors).toEqual([{ path: "phone", message: expect.stringContaining("country code") }]);
    }
  });

  it("needs a phone or an email, on create and after every patch", async () => {
    const { a } = await apiHarness();
    const none = await a.request("POST", "/api/v1/contacts", { role: "cleaner", name: "Ghost" });
    expect(none.status).toBe(400);
    expect(none.body.errors[0].path).toBe("phone");
    const { body } = await a.request("POST", "/api/v1/contacts", { role: "cleaner", name: "Cleo", phone: "+14155550999" });
    const stripped = await a.request("PATCH", `/api/v1/contacts/${body.id}`, { phone: null });
    expect(stripped.status).toBe(400);
    expect((await a.request("GET", `/api/v1/contacts/${body.id}`)).body.phone).toBe("+14155550999");
  });

  it("shows a cleaner's properties, and drops them when the contact stops being a cleaner", async () => {
    const { a } = await apiHarness();
    const property = (await a.request("POST", "/api/v1/properties", { name: "Flat", timezone: "Europe/Rome" })).body;
    const cleaner = (await a.request("POST", "/api/v1/contacts", { role: "cleaner", name: "Cleo", phone: "+14155550999" })).body;
    await a.request("PUT", `/api/v1/properties/${property.id}/cleaners`, { contactIds: [cleaner.id] });
    expect((await a.request("GET", `/api/v1/contacts/${cleaner.id}`)).body.propertyIds).toEqual([property.id]);
    const moved = await a.request("PATCH", `/api/v1/contacts/${cleaner.id}`, { role: "alerts" });
    expect(moved.body.propertyIds).toEqual([]);
    expect((await a.request("GET", `/api/v1/properties/${property.id}`)).body.cleanerIds).toEqual([]);
  });

  it("takes a cleaner left out of PUT /properties/{id}/cleaners off that property's locks, as the dashboard does", async () => {
    const { a, deps } = await apiHarness();
    const world = testWorld(deps);
    const flat = (await a.request("POST", "/api/v1/properties", { name: "Flat", timezone: "Europe/Rome" })).body.id;
    const villa = (await a.request("POST", "/api/v1/properties", { name: "Villa", timezone: "Europe/Rome" })).body.id;
    const cleo = (await a.request("POST", "/api/v1/contacts", { role: "cleaner", name: "Cleo", phone: "+14155550999" })).body.id;
    const dan = (await a.request("POST", "/api/v1/contacts", { role: "cleaner", name: "Dan", phone: "+14155550998" })).body.id;
    await a.request("PUT", `/api/v1/properties/${flat}/cleaners`, { contactIds: [cleo, dan] });
    await a.request("PUT", `/api/v1/properties/${villa}/cleaners`, { contactIds: [cleo] });
    const atFlat = world.code(world.lock(flat).id, { contactId: cleo, purpose: "cleaner", state: "planned" });
    const atVilla = world.code(world.lock(villa).id, { contactId: cleo, purpose: "cleaner", state: "planned" });
    const dans = world.code(world.lock(flat).id, { contactId: dan, purpose: "cleaner", state: "planned" });

    const res = await a.request("PUT", `/api/v1/properties/${flat}/cleaners`, { contactIds: [dan, dan] });
    expect([res.status, res.body.cleanerIds]).toEqual([200, [dan]]);
    const state = (id: string) => deps.db.select({ s: accessCodes.state }).from(accessCodes).where(eq(accessCodes.id, id)).get()!.s;
    expect([state(atFlat.id), state(atVilla.id), state(dans.id)]).toEqual(["cancelled", "planned", "planned"]);
    expect((await a.request("GET", `/api/v1/contacts/${cleo}`)).body.propertyIds).toEqual([villa]);
    expect((await a.request("PUT", `/api/v1/properties/${flat}/cleaners`, { contactIds: ["ctc_missing"] })).status).toBe(404);
  });

  it("lists each property's cleaners and each cleaner's properties, reading the assignments once per page", async () => {
    const { a, deps } = await apiHarness();
    const prop = async (name: string) => (await a.request("POST", "/api/v1/properties", { name, timezone: "Europe/Rome" })).body.id as string;
    const cleaner = async (name: string) => (await a.request("POST", "/api/v1/contacts", { role: "cleaner", name, phone: "+14155550999" })).body.id as string;
    const [flat, villa, barn] = [await prop("Flat"), await prop("Villa"), await prop("Barn")];
    const [cleo, dan] = [await cleaner("Cleo"), await cleaner("Dan")];
    await a.request("PUT", `/api/v1/properties/${flat}/cleaners`, { contactIds: [cleo, dan] });
    await a.request("PUT", `/api/v1/properties/${villa}/cleaners`, { contactIds: [dan] });
    // Statements run, not statements prepared: a hot list prepares its query once and runs it on every page.
    const statement = Object.getPrototypeOf(deps.db.$client.prepare("select 1")) as { all(...args: unknown[]): unknown[] };
    const runs = vi.spyOn(statement, "all");
    const assignmentReads = () => (runs.mock.contexts as Array<{ source: string }>).filter((s) => /from "property_cleaners"/.test(s.source)).length;

    const properties = (await a.request("GET", "/api/v1/properties")).body.data;
    const cleanersOf = Object.fromEntries(properties.map((p: any) => [p.id, [...p.cleanerIds].sort()]));
    expect(cleanersOf).toEqual({ [flat]: [cleo, dan].sort(), [villa]: [dan], [barn]: [] });
    expect(assignmentReads()).toBe(1);

    const contacts = (await a.request("GET", "/api/v1/contacts")).body.data;
    const propertiesOf = Object.fromEntries(contacts.map((c: any) => [c.id, [...c.propertyIds].sort()]));
    expect(propertiesOf).toEqual({ [cleo]: [flat], [dan]: [flat, villa].sort() });
    expect(assignmentReads()).toBe(2);
    runs.mockRestore(); // the spy sits on every statement's prototype
  });
});
