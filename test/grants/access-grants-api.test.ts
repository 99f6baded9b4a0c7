import { describe, expect, it } from "vitest";
import { planGrant } from "../../src/services/grants/plan-grant";
import { grantsToRoll } from "../../src/services/grants/reconcile-sources";
import { testWorld } from "../support/world";
import { grantsHarness } from "./grants-harness";

// A fixed "now" on the injected clock: everything below is relative to it.
const NOW = "2027-03-10T09:00:00Z";

describe("access grants API", () => {
  it("gives a named person a code on every lock of a property, confirms it on the locks, then texts it naming every door", async () => {
    const h = await grantsHarness({ now: NOW });
    const property = await h.property(h.a);
    const front = await h.lock(h.a, property.id, "Front door");
    const gate = await h.lock(h.a, property.id, "Garden gate");
    const res = await h.a.request("POST", "/api/v1/access-grants", {
      propertyId: property.id, name: "Piotr (plumber)", phone: "+491701234567",
      schedule: { kind: "window", from: "2027-03-11T08:00", to: "2027-03-11T17:00" },
    });
    expect(res.status).toBe(201);
    const grant = res.body;
    expect(grant).toMatchObject({ kind: "window", wholeProperty: true, status: "active", phone: "+491701234567", pinSource: "generated", sentAt: null });
    // 08:00 and 17:00 Berlin time (CET, UTC+1).
    expect([grant.startsAt, grant.endsAt]).toEqual(["2027-03-11T07:00:00.000Z", "2027-03-11T16:00:00.000Z"]);
    expect(grant.pin).toMatch(/^\d{6}$/);
    expect(grant.locks.map((l: { name: string }) => l.name)).toEqual(["Front door", "Garden gate"]);
    expect(grant).not.toHaveProperty("pinEnc");
    expect(grant).not.toHaveProperty("accountId");

    const codes = h.codesOf(grant.id);
    expect(codes.map((c) => [c.lockId, c.purpose, c.state]).sort()).toEqual([[front.id, "grant", "planned"], [gate.id, "grant", "planned"]].sort());
    expect(codes.every((c) => h.pinOf(c) === grant.pin)).toBe(true);
    expect(h.messagesOf(h.a.accountId)).toEqual([]);

    // Programmed ahead on these native-schedule locks, read back as set, and only then sent.
    await h.runDue();
    expect(h.codesOf(grant.id).map((c) => c.state)).toEqual(["active", "active"]);
    const sent = h.messagesOf(h.a.accountId);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ purpose: "grant_code", channel: "sms", recipient: "+491701234567", status: "sent" });
    expect(sent[0]!.body).toContain(`Your code for Front door and Garden gate is ${grant.pin}`);
    expect(sent[0]!.masked).not.toContain(grant.pin);
    expect((await h.a.request("GET", `/api/v1/access-grants/${grant.id}`)).body.sentAt).not.toBeNull();
    expect(h.auditOf(grant.id)).toEqual(["grant.create"]);
  });

  it("refuses a host-given PIN that another code holds on one of the locks with a 409 naming that lock, and a weak one with a 400", async () => {
    const h = await grantsHarness({ now: NOW });
    const property = await h.property(h.a);
    await h.lock(h.a, property.id, "Front door");
    const entrance = await h.lock(h.a, property.id, "Building entrance");
    testWorld(h.deps).code(entrance.id, { pin: "481937", validFrom: new Date("2027-03-11T00:00:00Z"), validTo: new Date("2027-03-12T00:00:00Z") });
    const body = { propertyId: property.id, name: "Nina", email: "nina@example.com", pin: "481937", schedule: { kind: "window", from: "2027-03-11T08:00", to: "2027-03-11T12:00" } };

    const clash = await h.a.request("POST", "/api/v1/access-grants", body);
    expect(clash.status).toBe(409);
    expect(clash.body.detail).toContain("Building entrance");
    expect(clash.body.detail).toContain(entrance.id);
    expect(clash.body.errors).toEqual([{ path: "pin", message: "already in use on Building entrance" }]);

    const weak = await h.a.request("POST", "/api/v1/access-grants", { ...body, pin: "123456" });
    expect(weak.status).toBe(400);
    expect(weak.body.errors[0].path).toBe("pin");

    // Outside the other code's window the same PIN is free.
    const later = await h.a.request("POST", "/api/v1/access-grants", { ...body, schedule: { kind: "window", from: "2027-03-12T08:00", to: "2027-03-12T12:00" } });
    expect(later.status).toBe(201);
    expect(later.body).toMatchObject({ pin: "481937", pinSource: "host" });
    expect(h.deps.db.$client.prepare("select count(*) as n from access_grants").get()).toEqual({ n: 1 });
  });

  it("programs a weekly pool-service window at 08:00 Berlin time on both sides of the last Sunday of March", async () => {
    const h = await grantsHarness({ now: "2027-03-20T09:00:00Z" });
    const property = await h.property(h.a);
    const lock = await h.lock(h.a, property.id, "Pool gate");
    const res = await h.a.request("POST", "/api/v1/access-grants", {
      lockIds: [lock.id], name: "Pool service", email: "pool@example.com", schedule: { kind: "recurring", weekdays: [2], startTime: "08:00", endTime: "12:00" },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: "recurring", wholeProperty: false, propertyId: property.id, recurrence: { weekdays: [2], startTime: "08:00", endTime: "12:00" } });
    const windows = h.codesOf(res.body.id).map((c) => [c.validFrom.toISOString(), c.validTo.toISOString()]).sort();
    expect(windows).toEqual([
      ["2027-03-23T07:00:00.000Z", "2027-03-23T11:00:00.000Z"], // CET
      ["2027-03-30T06:00:00.000Z", "2027-03-30T10:00:00.000Z"], // CEST, after 2027-03-28
    ]);
    expect(new Set(h.codesOf(res.body.id).map((c) => h.pinOf(c)))).toEqual(new Set([res.body.pin]));

    // A week on, the daily roll plans the next Tuesday (same PIN); the past occurrence's code is no longer live.
    h.deps.clock.set(new Date("2027-03-27T09:00:00Z"));
    const now = h.deps.clock.now();
    expect(grantsToRoll({ db: h.deps.db, now, until: now }).map((j) => [j.name, j.payload])).toEqual([["access-codes.plan-grant", { grantId: res.body.id }]]);
    await planGrant(h.deps, res.body.id);
    const live = h.codesOf(res.body.id).filter((c) => c.state === "planned");
    expect(live.map((c) => c.validFrom.toISOString()).sort()).toEqual(["2027-03-30T06:00:00.000Z", "2027-04-06T06:00:00.000Z"]);
    expect(live.every((c) => h.pinOf(c) === res.body.pin)).toBe(true);
  });

  it("extends with the same PIN, resends, and revokes: codes come off the locks and are read back gone; every change audited", async () => {
    const h = await grantsHarness({ now: NOW });
    const property = await h.property(h.a);
    await h.lock(h.a, property.id, "Front door");
    const created = (await h.a.request("POST", "/api/v1/access-grants", {
      propertyId: property.id, name: "Mum", phone: "+491709999999", schedule: { kind: "window", from: "2027-03-10T10:00", to: "2027-03-12T10:00" },
    })).body;
    await h.runDue();

    const extended = await h.a.request("PATCH", `/api/v1/access-grants/${created.id}`, { to: "2027-03-14T10:00", note: "staying longer" });
    expect(extended.status).toBe(200);
    expect(extended.body).toMatchObject({ endsAt: "2027-03-14T09:00:00.000Z", note: "staying longer" });
    await h.runDue();
    const [code] = h.codesOf(created.id);
    expect(code!.validTo.toISOString()).toBe("2027-03-14T09:00:00.000Z");
    expect(h.pinOf(code!)).toBe(created.pin);
    // The person hears of the new end.
    expect(h.messagesOf(h.a.accountId).map((m) => m.purpose).sort()).toEqual(["grant_code", "grant_update"]);

    const resent = await h.a.request("POST", `/api/v1/access-grants/${created.id}/resend`);
    expect(resent.status).toBe(202);
    await h.runDue();
    expect(h.messagesOf(h.a.accountId).filter((m) => m.id === resent.body.messageId)[0]).toMatchObject({ status: "sent", recipient: "+491709999999" });

    const revoked = await h.a.request("DELETE", `/api/v1/access-grants/${created.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.status).toBe("revoked");
    expect(h.codesOf(created.id).map((c) => c.state)).toEqual(["revoking"]);
    await h.runDue();
    expect(h.codesOf(created.id).map((c) => c.state)).toEqual(["revoked"]);
    expect((await h.a.request("POST", `/api/v1/access-grants/${created.id}/resend`)).status).toBe(409);
    expect((await h.a.request("PATCH", `/api/v1/access-grants/${created.id}`, { to: "2027-03-20T10:00" })).status).toBe(409);
    expect(h.auditOf(created.id)).toEqual(["grant.create", "grant.update", "grant.resend", "grant.revoke"]);
  });

  it("says plainly how a limited-uses code is counted where the lock cannot count it itself", async () => {
    const h = await grantsHarness({ now: NOW });
    const property = await h.property(h.a);
    await h.lock(h.a, property.id, "Front door");
    const res = await h.a.request("POST", "/api/v1/access-grants", {
      propertyId: property.id, name: "Courier", phone: "+491701111111", schedule: { kind: "limited_uses", uses: 1, from: "2027-03-10T12:00", to: "2027-03-10T18:00" },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ maxUses: 1, usesEnforcement: "door_activity" });
    expect(res.body.usesNote).toContain("until the window ends");
    expect(res.body.codes.map((c: { oneTimeUse: boolean }) => c.oneTimeUse)).toEqual([false]);
  });

  it("answers another account's grant ids like missing ones, and creates none on another account's property, lock or contact", async () => {
    const h = await grantsHarness({ now: NOW });
    const property = await h.property(h.a);
    const lock = await h.lock(h.a, property.id, "Front door");
    const contact = (await h.a.request("POST", "/api/v1/contacts", { role: "cleaner", name: "Cleo", phone: "+491702222222" })).body;
    const grant = (await h.a.request("POST", "/api/v1/access-grants", { contactId: contact.id, lockIds: [lock.id], schedule: { kind: "always" } })).body;
    expect(grant).toMatchObject({ name: "Cleo", contactId: contact.id, kind: "always" });

    const before = h.deps.db.$client.prepare("select * from access_grants").all();
    const notFound = [
      await h.b.request("GET", `/api/v1/access-grants/${grant.id}`),
      await h.b.request("PATCH", `/api/v1/access-grants/${grant.id}`, { note: "mine" }),
      await h.b.request("DELETE", `/api/v1/access-grants/${grant.id}`),
      await h.b.request("POST", `/api/v1/access-grants/${grant.id}/resend`),
    ];
    expect(notFound.map((r) => r.status)).toEqual([404, 404, 404, 404]);
    expect(notFound[0]!.body.detail).toBe(`access grant ${grant.id} does not exist`);
    expect((await h.b.request("GET", "/api/v1/access-grants")).body.data).toEqual([]);
    expect((await h.a.request("GET", "/api/v1/access-grants")).body.data.map((g: { id: string }) => g.id)).toEqual([grant.id]);

    const always = { kind: "always" };
    expect((await h.b.request("POST", "/api/v1/access-grants", { propertyId: property.id, name: "X", schedule: always })).status).toBe(404);
    expect((await h.b.request("POST", "/api/v1/access-grants", { lockIds: [lock.id], name: "X", schedule: always })).status).toBe(404);
    const bProperty = await h.property(h.b);
    await h.lock(h.b, bProperty.id, "B door");
    expect((await h.b.request("POST", "/api/v1/access-grants", { propertyId: bProperty.id, contactId: contact.id, schedule: always })).status).toBe(404);
    expect(h.deps.db.$client.prepare("select * from access_grants").all()).toEqual(before);
  });
});
