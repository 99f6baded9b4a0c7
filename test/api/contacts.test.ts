import { describe, expect, it } from "vitest";
import { apiHarness } from "../support/api-client";

describe("contacts API", () => {
  it("creates, reads, lists by role, patches and deletes a contact", async () => {
    const { a } = await apiHarness();
    const cleaner = await a.request("POST", "/api/v1/contacts", { role: "cleaner", name: "Cleo", phone: "+14155550999" });
    expect(cleaner.status).toBe(201);
    expect(cleaner.body).toMatchObject({ role: "cleaner", name: "Cleo", phone: "+14155550999", email: null, hasIcalFeed: false, propertyIds: [] });
    await a.request("POST", "/api/v1/contacts", { role: "alerts", name: "Host", email: "host@example.com" });
    const cleaners = await a.request("GET", "/api/v1/contacts?role=cleaner");
    expect(cleaners.body.data.map((c: any) => c.name)).toEqual(["Cleo"]);
    const patched = await a.request("PATCH", `/api/v1/contacts/${cleaner.body.id}`, { email: "cleo@example.com", phone: null });
    expect(patched.body).toMatchObject({ email: "cleo@example.com", phone: null, name: "Cleo" });
    expect((await a.request("DELETE", `/api/v1/contacts/${cleaner.body.id}`)).status).toBe(204);
    expect((await a.request("GET", `/api/v1/contacts/${cleaner.body.id}`)).status).toBe(404);
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
});
