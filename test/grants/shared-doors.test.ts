import { describe, expect, it } from "vitest";
import { grantsHarness } from "./grants-harness";

const NOW = "2027-03-10T09:00:00Z";

/** Two flats behind one building entrance; both guests' phones end in the same four digits, the PIN both would prefer. */
async function building() {
  const h = await grantsHarness({ now: NOW });
  const flatA = await h.property(h.a, { name: "Apartment 3B", codeStrategy: "phone_last4", codeLength: 4 });
  const flatB = await h.property(h.a, { name: "Apartment 4C", codeStrategy: "phone_last4", codeLength: 4 });
  const doorA = await h.lock(h.a, flatA.id, "Apartment 3B");
  const doorB = await h.lock(h.a, flatB.id, "Apartment 4C");
  const entrance = await h.lock(h.a, flatA.id, "Building entrance");
  const shared = await h.a.request("PUT", `/api/v1/locks/${entrance.id}/properties/${flatB.id}`);
  const stay = async (propertyId: string, guestName: string, guestPhone: string) =>
    (await h.a.request("POST", "/api/v1/stays", { propertyId, checkInDate: "2027-03-10", checkOutDate: "2027-03-13", guestName, guestPhone })).body as { id: string };
  return { h, flatA, flatB, doorA, doorB, entrance, shared, stay };
}

describe("shared doors", () => {
  it("holds both flats' guest codes on the shared entrance, with distinct PINs, each guest told every door their code opens", async () => {
    const { h, flatA, flatB, doorA, doorB, entrance, shared, stay } = await building();
    expect(shared.status).toBe(200);
    expect(shared.body.data).toEqual([
      { propertyId: flatA.id, name: "Apartment 3B", own: true },
      { propertyId: flatB.id, name: "Apartment 4C", own: false },
    ]);
    const ann = await stay(flatA.id, "Ann", "+491701115381");
    const ben = await stay(flatB.id, "Ben", "+491702225381");
    await h.runDue();

    const codes = h.deps.db.$client.prepare("select id, lock_id as lockId, property_id as propertyId, stay_id as stayId, state, pin_enc as pinEnc from access_codes where purpose = 'guest'").all() as Array<{ id: string; lockId: string; propertyId: string; stayId: string; state: string; pinEnc: string }>;
    const on = (lockId: string, stayId: string) => codes.find((c) => c.lockId === lockId && c.stayId === stayId);
    expect(codes.map((c) => c.state)).toEqual(["active", "active", "active", "active"]);
    expect(on(doorB.id, ann.id)).toBeUndefined();
    expect(on(doorA.id, ben.id)).toBeUndefined();
    expect(on(entrance.id, ann.id)!.propertyId).toBe(flatA.id);
    expect(on(entrance.id, ben.id)!.propertyId).toBe(flatB.id);
    const pin = (c: { id: string; pinEnc: string } | undefined) => h.pinOf(c!);
    // Both wanted 5381; on the entrance only one can have it, and each guest keeps one PIN for all their doors.
    expect(pin(on(entrance.id, ann.id))).not.toBe(pin(on(entrance.id, ben.id)));
    expect(pin(on(doorA.id, ann.id))).toBe(pin(on(entrance.id, ann.id)));
    expect([pin(on(entrance.id, ann.id)), pin(on(entrance.id, ben.id))]).toContain("5381");

    const texts = h.messagesOf(h.a.accountId).filter((m) => m.purpose === "guest_code");
    expect(texts.find((m) => m.stayId === ann.id)!.body).toContain("It opens: Apartment 3B and Building entrance.");
    expect(texts.find((m) => m.stayId === ben.id)!.body).toContain("It opens: Apartment 4C and Building entrance.");
  });

  it("takes a flat's codes off the entrance when the entrance stops serving it, and leaves the other flat's", async () => {
    const { h, flatA, flatB, entrance, stay } = await building();
    const ann = await stay(flatA.id, "Ann", "+491701115381");
    const ben = await stay(flatB.id, "Ben", "+491702229381");
    await h.runDue();

    expect((await h.a.request("DELETE", `/api/v1/locks/${entrance.id}/properties/${flatA.id}`)).status).toBe(409);
    const removed = await h.a.request("DELETE", `/api/v1/locks/${entrance.id}/properties/${flatB.id}`);
    expect(removed.status).toBe(200);
    expect(removed.body.data.map((p: { propertyId: string }) => p.propertyId)).toEqual([flatA.id]);
    await h.runDue();
    const entranceCodes = h.deps.db.$client.prepare("select stay_id as stayId, state from access_codes where lock_id = ? and purpose = 'guest' order by stay_id").all(entrance.id);
    expect(entranceCodes).toEqual([{ stayId: ann.id, state: "active" }, { stayId: ben.id, state: "revoked" }].sort((a, b) => a.stayId.localeCompare(b.stayId)));
    expect((await h.a.request("GET", `/api/v1/locks?propertyId=${flatB.id}`)).body.data.map((l: { name: string }) => l.name)).toEqual(["Apartment 4C"]);
    expect((await h.a.request("DELETE", `/api/v1/locks/${entrance.id}/properties/${flatB.id}`)).status).toBe(404);
  });

  it("lists a shared lock under every property it serves, and refuses another account's lock or property like missing ones", async () => {
    const { h, flatB, entrance } = await building();
    expect((await h.a.request("GET", `/api/v1/locks?propertyId=${flatB.id}`)).body.data.map((l: { name: string }) => l.name).sort()).toEqual(["Apartment 4C", "Building entrance"]);
    const own = await h.property(h.b, { name: "B's flat" });
    expect((await h.b.request("PUT", `/api/v1/locks/${entrance.id}/properties/${own.id}`)).status).toBe(404);
    expect((await h.b.request("GET", `/api/v1/locks/${entrance.id}/properties`)).status).toBe(404);
    expect((await h.a.request("PUT", `/api/v1/locks/${entrance.id}/properties/${own.id}`)).status).toBe(404);
    expect((await h.b.request("DELETE", `/api/v1/locks/${entrance.id}/properties/${flatB.id}`)).status).toBe(404);
  });

  it("gives a shared flat's cleaner their turnover code on the entrance too, and a whole-property grant every door added later", async () => {
    const { h, flatA, flatB, entrance, stay } = await building();
    const cleaner = (await h.a.request("POST", "/api/v1/contacts", { role: "cleaner", name: "Cleo", phone: "+491706666666" })).body as { id: string };
    expect((await h.a.request("PUT", `/api/v1/properties/${flatB.id}/cleaners`, { contactIds: [cleaner.id] })).status).toBe(200);
    await stay(flatB.id, "Ben", "+491702225381");
    await h.runDue();
    const cleanerCodes = h.deps.db.$client.prepare("select lock_id as lockId, property_id as propertyId from access_codes where purpose = 'cleaner' and contact_id = ? order by lock_id").all(cleaner.id) as Array<{ lockId: string; propertyId: string }>;
    expect(cleanerCodes.map((c) => c.lockId)).toContain(entrance.id);
    expect(cleanerCodes.every((c) => c.propertyId === flatB.id)).toBe(true);

    const family = (await h.a.request("POST", "/api/v1/access-grants", { propertyId: flatA.id, name: "Mum", phone: "+491705555555", schedule: { kind: "always" } })).body as { id: string };
    const before = h.codesOf(family.id).map((c) => c.lockId);
    const cellar = await h.lock(h.a, flatA.id, "Cellar");
    const gate = await h.lock(h.a, flatB.id, "Garden gate");
    await h.a.request("PUT", `/api/v1/locks/${gate.id}/properties/${flatA.id}`);
    const after = h.codesOf(family.id).map((c) => c.lockId);
    expect(after.sort()).toEqual([...before, cellar.id, gate.id].sort());
    expect(new Set(h.codesOf(family.id).map((c) => h.pinOf(c))).size).toBe(1);
  });
});
