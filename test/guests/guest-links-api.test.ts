import { describe, expect, it } from "vitest";
import { testWorld } from "../support/world";
import { apiHarness } from "../support/api-client";
import { webClient } from "../web/web-client";

describe("guest links in the API", () => {
  it("gives each stay its guestLink and each property its checkInLink, which open the guest page; another account's stay is a 404", async () => {
    const { deps, app, a, b } = await apiHarness({ env: { STAYKEY_PUBLIC_URL: "https://keys.example.com" } });
    const world = testWorld(deps);
    const property = world.property(a.accountId, { name: "Dune Cottage" });
    const stay = world.stay(property.id, { reservationCode: "HMZZ99", guestPhoneLast4: "4321" });
    const block = world.stay(property.id, { kind: "block", checkInDate: "2099-01-01", checkOutDate: "2099-01-03" });

    const got = await a.request("GET", `/api/v1/stays/${stay.id}`);
    expect(got.status).toBe(200);
    expect(got.body.guestLink).toMatch(/^https:\/\/keys\.example\.com\/g\/stay_[0-9a-z]+\.[0-9a-f]{32}$/);
    expect((await a.request("GET", `/api/v1/stays/${block.id}`)).body.guestLink).toBeNull();
    const listed = await a.request("GET", `/api/v1/stays?propertyId=${property.id}`);
    expect(listed.body.data.find((s: { id: string }) => s.id === stay.id).guestLink).toBe(got.body.guestLink);
    expect((await b.request("GET", `/api/v1/stays/${stay.id}`)).status).toBe(404);

    const page = await webClient(app).get(new URL(got.body.guestLink).pathname);
    expect(page.status).toBe(200);
    expect(page.html).toContain("Dune Cottage");

    const prop = await a.request("GET", `/api/v1/properties/${property.id}`);
    expect(prop.body).toMatchObject({ codeRevealLeadMinutes: 2880, unreachableAlertLeadMinutes: 1440, houseNotes: null });
    const checkin = await webClient(app).post(new URL(prop.body.checkInLink).pathname, { reservationCode: "hmzz99", last4: "4321" });
    expect(checkin.location).toBe(`${new URL(got.body.guestLink).pathname}?lang=en`);
  });

  it("takes the guest page settings on a property", async () => {
    const { a } = await apiHarness();
    const created = await a.request("POST", "/api/v1/properties", { name: "Loft", timezone: "Europe/Lisbon", houseNotes: "No parties.", codeRevealLeadMinutes: 720, unreachableAlertLeadMinutes: 2880 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ houseNotes: "No parties.", codeRevealLeadMinutes: 720, unreachableAlertLeadMinutes: 2880 });
    const bad = await a.request("PATCH", `/api/v1/properties/${created.body.id}`, { codeRevealLeadMinutes: -5 });
    expect(bad.status).toBe(400);
  });
});
