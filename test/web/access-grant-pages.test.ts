import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { accessCodes, accessGrants } from "../../src/db/schema";
import { testServiceDeps } from "../support/service-deps";
import { testWorld } from "../support/world";
import { seeder } from "./seed";
import { webClient } from "./web-client";

async function signedIn() {
  const deps = testServiceDeps({ now: "2027-03-10T09:00:00Z" });
  const app = createApp(deps);
  const seed = seeder(deps);
  const owner = await seed.account("host@example.com", "host-password-1");
  const property = seed.property(owner.accountId, "Loft 3B", "Europe/Berlin");
  const lock = seed.lock(owner.accountId, property, "Front door");
  const client = webClient(app);
  await client.signIn("host@example.com", "host-password-1");
  return { deps, app, seed, owner, property, lock, client, csrf: await client.csrfFrom("/dashboard/access") };
}

const grants = (deps: ReturnType<typeof testServiceDeps>) => deps.db.select().from(accessGrants).all();

describe("access grant pages", () => {
  it("gives a plumber a window on the property's doors, shows the PIN once, and lists the grant", async () => {
    const { client, csrf, deps, property } = await signedIn();
    const page = await client.get("/dashboard/access");
    expect(page.status).toBe(200);
    expect(page.html).toContain('href="/dashboard/access"');
    expect(page.html).toContain("Give someone access");

    const res = await client.post("/dashboard/access", {
      _csrf: csrf, propertyId: property, name: "Piotr", phone: "+491701234567", kind: "window", from: "2027-03-11T08:00", to: "2027-03-11T17:00",
    });
    expect(res.status).toBe(201);
    const [grant] = grants(deps);
    expect(grant).toMatchObject({ name: "Piotr", kind: "window", wholeProperty: true, startsAt: new Date("2027-03-11T07:00:00Z"), endsAt: new Date("2027-03-11T16:00:00Z") });
    const pin = /Their PIN is <strong>(\d{6})<\/strong>/.exec(res.html)?.[1];
    expect(pin).toBe(deps.box.decrypt(grant!.pinEnc, `grant:${grant!.id}`));
    expect(res.html).toContain("Loft 3B: Front door");
    // Shown once: the list never carries it.
    expect((await client.get("/dashboard/access")).html).not.toContain(pin!);
  });

  it("shows the service's refusals beside the fields: a bad phone, a weekly window without times, a PIN another code holds", async () => {
    const { client, csrf, deps, property, lock } = await signedIn();
    const base = { _csrf: csrf, propertyId: property, name: "Nina", kind: "window", from: "2027-03-11T08:00", to: "2027-03-11T12:00" };
    const badPhone = await client.post("/dashboard/access", { ...base, phone: "0170 123" });
    expect(badPhone.status).toBe(400);
    expect(badPhone.html).toContain("must be a phone number with its country code");
    const weekly = await client.post("/dashboard/access", { ...base, kind: "recurring", weekdays: "2" });
    expect(weekly.status).toBe(400);
    expect(weekly.html).toContain("must be a 24-hour local time HH:mm");
    testWorld(deps).code(lock, { pin: "481937", validFrom: new Date("2027-03-11T00:00:00Z"), validTo: new Date("2027-03-12T00:00:00Z") });
    const clash = await client.post("/dashboard/access", { ...base, email: "nina@example.com", pin: "481937" });
    expect(clash.status).toBe(409);
    expect(clash.html).toContain("already in use on Front door");
    expect(grants(deps)).toEqual([]);
  });

  it("changes the end, and revokes: the code comes off the door; another account's grant reads as missing", async () => {
    const { client, csrf, deps, property, seed } = await signedIn();
    await client.post("/dashboard/access", { _csrf: csrf, propertyId: property, name: "Pool service", email: "pool@example.com", kind: "recurring", weekdays: "2", startTime: "08:00", endTime: "12:00" });
    const [grant] = grants(deps);
    const extended = await client.post(`/dashboard/access/${grant!.id}/extend`, { _csrf: csrf, untilDate: "2027-06-30" });
    expect(extended.status).toBe(303);
    expect(grants(deps)[0]!.endsAt).toEqual(new Date("2027-06-30T22:00:00Z"));

    const other = await seed.account("other@example.com", "other-password-1");
    const stranger = webClient(createApp(deps));
    await stranger.signIn("other@example.com", "other-password-1");
    expect(other.accountId).not.toBe(grant!.accountId);
    expect((await stranger.post(`/dashboard/access/${grant!.id}/revoke`, { _csrf: await stranger.csrfFrom("/dashboard/access") })).status).toBe(404);
    expect(grants(deps)[0]!.status).toBe("active");

    const revoked = await client.post(`/dashboard/access/${grant!.id}/revoke`, { _csrf: csrf });
    expect(revoked.status).toBe(303);
    expect(grants(deps)[0]!.status).toBe("revoked");
    const states = deps.db.select({ state: accessCodes.state }).from(accessCodes).where(eq(accessCodes.grantId, grant!.id)).all().map((c) => c.state);
    expect(states.length).toBeGreaterThan(0);
    expect(states.every((s) => s === "cancelled" || s === "revoking")).toBe(true);
    expect((await client.get("/dashboard/access")).html).toContain("Revoked");
  });
});
