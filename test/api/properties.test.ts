import { describe, expect, it } from "vitest";
import { apiHarness } from "../support/api-client";
import { seedAccount } from "./seed";

const valid = { name: "Beach House", timezone: "America/New_York" };

describe("properties API", () => {
  it("creates a property with sensible defaults and reads it back", async () => {
    const { a } = await apiHarness();
    const created = await a.request("POST", "/api/v1/properties", valid);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "Beach House", timezone: "America/New_York", checkInTime: "16:00", checkOutTime: "11:00", codeLength: 6 });
    const got = await a.request("GET", `/api/v1/properties/${created.body.id}`);
    expect(got.body).toEqual(created.body);
  });

  it("names check-in and check-out alike (checkInTime, checkOutTime, autoCheckOutOnLock, checkInLink) and still reads the old input names", async () => {
    const { a } = await apiHarness();
    const created = await a.request("POST", "/api/v1/properties", { ...valid, checkInTime: "15:30", checkOutTime: "10:15", autoCheckOutOnLock: true });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ checkInTime: "15:30", checkOutTime: "10:15", autoCheckOutOnLock: true, checkInLink: expect.stringContaining("/checkin/") });
    for (const old of ["checkoutTime", "autoCheckoutOnLock", "checkinLink"]) expect(created.body).not.toHaveProperty(old);

    const renamed = await a.request("PATCH", `/api/v1/properties/${created.body.id}`, { checkoutTime: "09:00", autoCheckoutOnLock: false });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ checkOutTime: "09:00", autoCheckOutOnLock: false });
    expect(renamed.body).not.toHaveProperty("checkoutTime");
    const old = await a.request("POST", "/api/v1/properties", { ...valid, checkoutTime: "10:45" });
    expect(old.status).toBe(201);
    expect(old.body.checkOutTime).toBe("10:45");
    expect((await a.request("POST", "/api/v1/properties", valid)).body.checkOutTime).toBe("11:00");

    const both = await a.request("PATCH", `/api/v1/properties/${created.body.id}`, { checkoutTime: "08:00", checkOutTime: "08:30" });
    expect(both.status).toBe(400);
    expect(both.body.errors).toEqual([expect.objectContaining({ path: "checkoutTime" })]);
    expect((await a.request("PATCH", `/api/v1/properties/${created.body.id}`, { checkoutTime: "08:00", checkOutTime: "08:00" })).status).toBe(200);

    const spec = await a.request("GET", "/api/v1/openapi.json");
    expect(Object.keys(spec.body.components.schemas.Property.properties)).toEqual(expect.arrayContaining(["checkInTime", "checkOutTime", "autoCheckOutOnLock", "checkInLink"]));
    expect(spec.body.components.schemas.Property.properties).not.toHaveProperty("checkoutTime");
    expect(spec.body.components.schemas.PropertyInput.properties.checkoutTime).toMatchObject({ deprecated: true });
    expect(spec.body.components.schemas.PropertyPatch.properties.autoCheckoutOnLock).toMatchObject({ deprecated: true });
  });

  it("patches one field without resetting the others", async () => {
    const { a } = await apiHarness();
    const { body } = await a.request("POST", "/api/v1/properties", { ...valid, checkInTime: "15:00", codeLength: 4 });
    const patched = await a.request("PATCH", `/api/v1/properties/${body.id}`, { name: "Renamed" });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: "Renamed", checkInTime: "15:00", codeLength: 4 });
  });

  it("takes the backup margin before check-in like the other lead settings: 120 minutes unless set, bounded to a day", async () => {
    const { a } = await apiHarness();
    const { body } = await a.request("POST", "/api/v1/properties", valid);
    expect(body.backupLeadMinutes).toBe(120);
    const patched = await a.request("PATCH", `/api/v1/properties/${body.id}`, { backupLeadMinutes: 45 });
    expect(patched.body).toMatchObject({ backupLeadMinutes: 45, codeLength: 6 });
    const tooFar = await a.request("PATCH", `/api/v1/properties/${body.id}`, { backupLeadMinutes: 1441 });
    expect(tooFar.status).toBe(400);
    expect(tooFar.body.errors[0].path).toBe("backupLeadMinutes");
    const spec = await a.request("GET", "/api/v1/openapi.json");
    expect(spec.body.components.schemas.Property.properties.backupLeadMinutes).toMatchObject({ type: "number" });
  });

  it("pages with a cursor", async () => {
    const { a } = await apiHarness();
    for (let i = 0; i < 5; i++) await a.request("POST", "/api/v1/properties", { ...valid, name: `P${i}` });
    const first = await a.request("GET", "/api/v1/properties?limit=2");
    expect(first.body.data.map((p: any) => p.name)).toEqual(["P0", "P1"]);
    const second = await a.request("GET", `/api/v1/properties?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.data.map((p: any) => p.name)).toEqual(["P2", "P3"]);
    const third = await a.request("GET", `/api/v1/properties?limit=2&cursor=${second.body.nextCursor}`);
    expect(third.body).toMatchObject({ data: [{ name: "P4" }], nextCursor: null });
  });

  it("refuses a made-up timezone with a problem that names the field", async () => {
    const { a } = await apiHarness();
    const res = await a.request("POST", "/api/v1/properties", { ...valid, timezone: "Mars/Base" });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(res.body.errors[0].path).toBe("timezone");
  });

  it("refuses to delete a property while a code may still be on one of its locks, and deletes it once the code is revoked", async () => {
    const { deps, a } = await apiHarness();
    const seeded = await seedAccount(deps, a);
    const busy = await a.request("DELETE", `/api/v1/properties/${seeded.property.id}`);
    expect(busy.status).toBe(409);
    expect(busy.body.detail).toContain("still has codes on its locks");
    deps.db.$client.prepare("update access_codes set state = 'revoking'").run();
    expect((await a.request("DELETE", `/api/v1/properties/${seeded.property.id}`)).status).toBe(409);
    deps.db.$client.prepare("update access_codes set state = 'revoked'").run();
    expect((await a.request("DELETE", `/api/v1/properties/${seeded.property.id}`)).status).toBe(204);
    expect((await a.request("GET", `/api/v1/properties/${seeded.property.id}`)).status).toBe(404);
  });
});
