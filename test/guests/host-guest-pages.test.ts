import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { properties } from "../../src/db/schema";
import { checkinPath, stayGuestPath } from "../../src/services/guests/guest-links";
import { testServiceDeps } from "../support/service-deps";
import { testWorld } from "../support/world";
import { webClient } from "../web/web-client";

async function signedIn() {
  const deps = testServiceDeps({ env: { STAYKEY_PUBLIC_URL: "https://keys.example.com" } });
  const app = createApp(deps);
  const world = testWorld(deps);
  const owner = await world.account({ email: "host@example.com", password: "host-password-1" });
  const client = webClient(app);
  await client.signIn("host@example.com", "host-password-1");
  return { deps, app, world, owner, client, csrf: await client.csrfFrom("/dashboard") };
}

describe("the host's guest page tab and stay link", () => {
  it("shows the property's check-in link and the text to paste into each platform, and saves what the guest page shows", async () => {
    const { deps, world, owner, client, csrf } = await signedIn();
    const property = world.property(owner.accountId, { name: "Cliff House" });
    const path = `/dashboard/properties/${property.id}/guest-page`;
    const page = await client.get(path);
    expect(page.status).toBe(200);
    const link = `https://keys.example.com${checkinPath(deps.box, property)}`;
    expect(page.html).toContain(`value="${link}"`);
    for (const platform of ["Airbnb", "VRBO", "Booking.com"]) expect(page.html).toContain(`paste into ${platform}`);
    expect(page.html).toContain(`are here: ${link}`);
    expect(page.html).toMatch(/<script src="\/assets\/copy.js" defer[^>]*><\/script>/);

    const bad = await client.post(path, { _csrf: csrf, codeRevealLeadMinutes: "-1" });
    expect(bad.status).toBe(400);
    const saved = await client.post(path, { _csrf: csrf, checkInInstructions: "Gate code is on the lockbox.", wifiName: "cliff", wifiPassword: "", houseNotes: "No smoking.", codeRevealLeadMinutes: "1440", unreachableAlertLeadMinutes: "720" });
    expect(saved.status).toBe(303);
    const row = deps.db.select().from(properties).where(eq(properties.id, property.id)).get()!;
    expect(row).toMatchObject({ checkInInstructions: "Gate code is on the lockbox.", wifiName: "cliff", wifiPassword: null, houseNotes: "No smoking.", codeRevealLeadMinutes: 1440, unreachableAlertLeadMinutes: 720, name: "Cliff House" });
  });

  it("puts the stay's own guest link with a copy button on the stay page, and not another account's", async () => {
    const { deps, world, owner, client } = await signedIn();
    const soon = deps.clock.now().getTime() + 3_600_000;
    const stay = world.stay(world.property(owner.accountId).id, { guestName: "Mia", checkInAt: new Date(soon), checkOutAt: new Date(soon + 72 * 3_600_000) });
    const page = await client.get(`/dashboard/stays/${stay.id}`);
    expect(page.html).toContain(`value="https://keys.example.com${stayGuestPath(deps.box, stay)}"`);
    expect(page.html).toContain('data-copy="guest-link" hidden');
    // What the guest did shows in the stay's trail in words.
    world.code(world.lock(stay.propertyId).id, { stayId: stay.id, state: "active" });
    await webClient(createApp(deps)).get(stayGuestPath(deps.box, stay));
    const trail = await client.get(`/dashboard/stays/${stay.id}`);
    expect(trail.html).toContain("Guest viewed the code");
    expect(trail.html).toContain("Guest opened the guest page");
    const other = await world.account();
    const theirs = world.stay(world.property(other.accountId).id);
    expect((await client.get(`/dashboard/stays/${theirs.id}`)).status).toBe(404);
    expect((await client.get(`/dashboard/properties/${theirs.propertyId}/guest-page`)).status).toBe(404);
  });

  it("serves the copy script from its own origin under a CSP that allows no inline script", async () => {
    const { client } = await signedIn();
    const res = await client.get("/assets/copy.js");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("javascript");
    expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(res.headers.get("content-security-policy")).not.toContain("unsafe-inline' 'self");
  });
});
