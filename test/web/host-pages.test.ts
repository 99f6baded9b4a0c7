import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { alerts, auditEvents, feeds, jobs, locks, properties, stays } from "../../src/db/schema";
import { resolveAlert } from "../../src/services/alerts/alert-store";
import { openStay } from "../../src/services/contact-details/contact-details";
import type { ServiceDeps } from "../../src/services/deps";
import { startFeedServer, type FeedServer } from "../peers/feed-server";
import { testServiceDeps } from "../support/service-deps";
import { airbnbCalendar, airbnbUid } from "../sync/calendars";
import { seeder } from "./seed";
import { webClient } from "./web-client";

async function signedIn() {
  const deps = testServiceDeps();
  const app = createApp(deps);
  const seed = seeder(deps);
  const owner = await seed.account("host@example.com", "host-password-1");
  const client = webClient(app);
  await client.signIn("host@example.com", "host-password-1");
  return { deps, app, seed, owner, client, csrf: await client.csrfFrom("/dashboard") };
}

/** The stays the code planner was asked to plan (one job per stay version), in the order asked. */
const planRequested = (deps: ServiceDeps) =>
  deps.db.select().from(jobs).all().filter((j) => j.name === "access-codes.plan-stay").map((j) => (j.payload as { stayId: string }).stayId);

let calendars: FeedServer;
beforeAll(async () => {
  calendars = await startFeedServer();
  calendars.set("/calendar/ical/12345.ics", { body: airbnbCalendar([{ uid: airbnbUid(1), start: "2026-12-08", end: "2026-12-10", code: "HMFIRST001" }]) });
});
afterAll(() => calendars.close());

describe("host pages", () => {
  it("adds a property with the API's validation rules", async () => {
    const { client, csrf, deps } = await signedIn();
    const bad = await client.post("/dashboard/properties", { _csrf: csrf, name: "Loft", timezone: "Mars/Olympus", checkInTime: "16:00", checkOutTime: "11:00" });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain("must be an IANA timezone");
    const ok = await client.post("/dashboard/properties", { _csrf: csrf, name: "Loft", timezone: "America/New_York", checkInTime: "15:00", checkOutTime: "10:00", address: "" });
    expect(ok.status).toBe(303);
    const row = deps.db.select().from(properties).where(eq(properties.name, "Loft")).get()!;
    expect(row).toMatchObject({ timezone: "America/New_York", checkInTime: "15:00", address: null });
    expect(ok.location).toBe(`/dashboard/properties/${row.id}`);
    expect((await client.get(ok.location!)).html).toContain("Added Loft");
  });

  it("connects a calendar the way the API stores it and shows the first sync's result", async () => {
    const { client, csrf, deps, seed, owner } = await signedIn();
    const prop = seed.property(owner.accountId, "Cabin");
    const url = calendars.url("/calendar/ical/12345.ics?s=secrettoken");
    const invalid = await client.post(`/dashboard/properties/${prop}/feeds`, { _csrf: csrf, url: "ftp://nope" });
    expect(invalid.status).toBe(400);
    const res = await client.post(`/dashboard/properties/${prop}/feeds`, { _csrf: csrf, url });
    expect(res.status).toBe(303);
    const feed = deps.db.select().from(feeds).where(eq(feeds.propertyId, prop)).get()!;
    expect(deps.box.decrypt(feed.urlEnc, `feed:${feed.id}`)).toBe(url);
    expect(feed.urlHash).toBe(deps.box.hash(url));
    expect(feed.urlRedacted).toBe(`${calendars.origin}/calendar/ical/…`);
    expect(calendars.requests("/calendar/ical/12345.ics?s=secrettoken")).toHaveLength(1);
    expect(deps.db.select().from(stays).where(eq(stays.feedId, feed.id)).all()).toMatchObject([{ reservationCode: "HMFIRST001" }]);
    const page = await client.get(res.location!);
    expect(page.html).toContain("First sync: read 1 event, 1 new, 0 updated, 0 cancelled.");
    expect(page.html).not.toContain("secrettoken");
    expect((await client.post(`/dashboard/properties/${prop}/feeds`, { _csrf: csrf, url })).status).toBe(409);
  });

  it("shows a calendar's last error with its URL redacted, as the API does", async () => {
    const { client, csrf, deps, seed, owner } = await signedIn();
    const prop = seed.property(owner.accountId, "Cabin");
    const url = "https://www.airbnb.com/calendar/ical/777.ics?s=quotedtoken";
    expect((await client.post(`/dashboard/properties/${prop}/feeds`, { _csrf: csrf, url })).status).toBe(303);
    // A sync error that quoted the URL it fetched (a vendor's message, an exception's text).
    deps.db.update(feeds).set({ status: "failing", lastError: `GET ${url} answered 500` }).where(eq(feeds.propertyId, prop)).run();
    const page = await client.get(`/dashboard/properties/${prop}`);
    expect(page.html).toContain("GET https://www.airbnb.com/calendar/ical/… answered 500");
    expect(page.html).not.toContain("quotedtoken");
  });

  it("previews a template without saving it, then saves it", async () => {
    const { client, csrf, deps, seed, owner } = await signedIn();
    const prop = seed.property(owner.accountId, "Cabin");
    const form = { _csrf: csrf, name: "Cabin", timezone: "Europe/Lisbon", checkInTime: "16:00", checkOutTime: "11:00", codeLength: "6", codeStrategy: "random", "templates.guest_code": "Hi {{guest_name}}, code {{code}}" };
    const preview = await client.post(`/dashboard/properties/${prop}/settings`, { ...form, preview: "guest_code" });
    expect(preview.status).toBe(200);
    expect(preview.html).toContain("Hi Alex, code 482193");
    expect(deps.db.select().from(properties).where(eq(properties.id, prop)).get()!.templates).toEqual({});
    const saved = await client.post(`/dashboard/properties/${prop}/settings`, { ...form, save: "1", codeLength: "9" });
    expect(saved.status).toBe(400);
    expect(saved.html).toContain("Settings not saved");
    expect((await client.post(`/dashboard/properties/${prop}/settings`, { ...form, save: "1" })).status).toBe(303);
    expect(deps.db.select().from(properties).where(eq(properties.id, prop)).get()!.templates).toEqual({ guest_code: "Hi {{guest_name}}, code {{code}}" });
  });

  it("shows and saves the backup margin before check-in with the other settings", async () => {
    const { client, csrf, deps, seed, owner } = await signedIn();
    const prop = seed.property(owner.accountId, "Cabin");
    const page = await client.get(`/dashboard/properties/${prop}/settings`);
    expect(page.html).toMatch(/<input[^>]*name="backupLeadMinutes"[^>]*value="120"/);
    const form = { _csrf: csrf, name: "Cabin", timezone: "Europe/Lisbon", checkInTime: "16:00", checkOutTime: "11:00", codeLength: "6", codeStrategy: "random", save: "1" };
    const refused = await client.post(`/dashboard/properties/${prop}/settings`, { ...form, backupLeadMinutes: "2000" });
    expect(refused.status).toBe(400);
    expect((await client.post(`/dashboard/properties/${prop}/settings`, { ...form, backupLeadMinutes: "45" })).status).toBe(303);
    expect(deps.db.select().from(properties).where(eq(properties.id, prop)).get()!.backupLeadMinutes).toBe(45);
  });

  it("moves a stay's window with overrides, bumps its version, audits it and tells the code service", async () => {
    const { client, csrf, deps, seed, owner } = await signedIn();
    const prop = seed.property(owner.accountId, "Cabin", "Europe/Lisbon");
    const stay = seed.stay(owner.accountId, prop, { checkIn: "2026-11-25T16:00:00Z", checkOut: "2026-11-28T11:00:00Z", guestName: "Sam" });
    const tooLate = await client.post(`/dashboard/stays/${stay}/overrides`, { _csrf: csrf, earlyCheckIn: "2026-11-25T18:00", lateCheckOut: "" });
    expect(tooLate.status).toBe(400);
    const res = await client.post(`/dashboard/stays/${stay}/overrides`, { _csrf: csrf, earlyCheckIn: "2026-11-25T13:00", lateCheckOut: "2026-11-28T14:30" });
    expect(res.status).toBe(303);
    const row = deps.db.select().from(stays).where(eq(stays.id, stay)).get()!;
    // Lisbon is UTC+0 in November; the form's wall-clock time is read in the property's zone, not the server's.
    expect(row.earlyCheckInAt?.toISOString()).toBe("2026-11-25T13:00:00.000Z");
    expect(row.lateCheckOutAt?.toISOString()).toBe("2026-11-28T14:30:00.000Z");
    expect(row.version).toBe(2);
    expect(planRequested(deps)).toEqual([stay]);
    const audit = deps.db.select().from(auditEvents).where(eq(auditEvents.subjectId, stay)).all();
    expect(audit.map((e) => e.action)).toEqual(["stay.override"]);
    expect((await client.get(`/dashboard/stays/${stay}`)).html).toContain("stay.override");
  });

  it("reads an override on the night clocks go back as the first of the two times, like the API and the sync", async () => {
    const { client, csrf, deps, seed, owner } = await signedIn();
    const prop = seed.property(owner.accountId, "Loft", "America/New_York");
    const stay = seed.stay(owner.accountId, prop, { checkIn: "2026-11-01T21:00:00Z", checkOut: "2026-11-03T16:00:00Z", guestName: "Sam" });
    expect((await client.post(`/dashboard/stays/${stay}/overrides`, { _csrf: csrf, earlyCheckIn: "2026-11-01T01:30", lateCheckOut: "" })).status).toBe(303);
    expect(deps.db.select().from(stays).where(eq(stays.id, stay)).get()!.earlyCheckInAt?.toISOString()).toBe("2026-11-01T05:30:00.000Z");
  });

  it("holds overrides to the API's rules: at most a day wider than the stay, never on a cancelled stay", async () => {
    const { client, csrf, deps, seed, owner } = await signedIn();
    const prop = seed.property(owner.accountId, "Cabin", "Europe/Lisbon");
    const stay = seed.stay(owner.accountId, prop, { checkIn: "2026-11-25T16:00:00Z", checkOut: "2026-11-28T11:00:00Z", guestName: "Sam" });
    const twoDaysEarly = await client.post(`/dashboard/stays/${stay}/overrides`, { _csrf: csrf, earlyCheckIn: "2026-11-23T16:00", lateCheckOut: "" });
    expect(twoDaysEarly.status).toBe(400);
    expect(twoDaysEarly.html).toContain("within the 24 hours before the usual check-in");
    const twoDaysLate = await client.post(`/dashboard/stays/${stay}/overrides`, { _csrf: csrf, earlyCheckIn: "", lateCheckOut: "2026-11-30T11:00" });
    expect(twoDaysLate.status).toBe(400);
    expect(twoDaysLate.html).toContain("within the 24 hours after the usual checkout");
    expect(deps.db.select().from(stays).where(eq(stays.id, stay)).get()).toMatchObject({ earlyCheckInAt: null, lateCheckOutAt: null, version: 1 });
    deps.db.update(stays).set({ status: "cancelled" }).where(eq(stays.id, stay)).run();
    expect((await client.post(`/dashboard/stays/${stay}/overrides`, { _csrf: csrf, earlyCheckIn: "2026-11-25T13:00", lateCheckOut: "" })).status).toBe(409);
    expect(deps.db.select().from(stays).where(eq(stays.id, stay)).get()).toMatchObject({ earlyCheckInAt: null, version: 1 });
  });

  it("acknowledges an alert without resolving it", async () => {
    const { client, csrf, deps, seed, owner } = await signedIn();
    const prop = seed.property(owner.accountId, "Cabin");
    const lock = seed.lock(owner.accountId, prop, "Front door", { batteryLevel: 12 });
    const alert = seed.alert(owner.accountId, lock, "Front door battery low");
    expect((await client.get("/dashboard/properties")).html).toContain("1 open alert");
    expect((await client.post(`/dashboard/alerts/${alert}/acknowledge`, { _csrf: csrf })).status).toBe(303);
    const row = deps.db.select().from(alerts).where(eq(alerts.id, alert)).get()!;
    expect(row.status).toBe("open");
    expect(row.acknowledgedBy).toBe(`user:${owner.userId}`);
    expect(row.acknowledgedAt?.toISOString()).toBe("2026-11-21T12:00:00.000Z");
    expect((await client.get("/dashboard/alerts")).html).toContain("Acknowledged");
  });

  it("acknowledges only an open alert, as the API does: a resolved one is left as it was and the page says so", async () => {
    const { client, csrf, deps, seed, owner } = await signedIn();
    const prop = seed.property(owner.accountId, "Cabin");
    const lock = seed.lock(owner.accountId, prop, "Front door", { batteryLevel: 12 });
    const alert = seed.alert(owner.accountId, lock, "Front door battery low");
    resolveAlert(deps.db, deps.clock, owner.accountId, `battery_low:${lock}`);
    const res = await client.post(`/dashboard/alerts/${alert}/acknowledge`, { _csrf: csrf });
    expect(res.status).toBe(303);
    expect(deps.db.select().from(alerts).where(eq(alerts.id, alert)).get()).toMatchObject({ status: "resolved", acknowledgedAt: null, acknowledgedBy: null });
    expect((await client.get(res.location!)).html).toContain("Already resolved: Front door battery low");
  });

  it("shows the next check-in with its code and message state, and the outbox with message bodies, PINs masked", async () => {
    const { client, seed, owner } = await signedIn();
    const prop = seed.property(owner.accountId, "Cabin");
    const lock = seed.lock(owner.accountId, prop, "Front door", { online: false, batteryLevel: 40 });
    const stay = seed.stay(owner.accountId, prop, { checkIn: "2026-11-25T16:00:00Z", checkOut: "2026-11-28T11:00:00Z", guestName: "Sam" });
    seed.code({ accountId: owner.accountId, propertyId: prop, lockId: lock, pin: "318274", state: "active", from: "2026-11-25T16:00:00Z", to: "2026-11-28T11:00:00Z", stayId: stay });
    seed.message({ accountId: owner.accountId, stayId: stay, body: "Your door code is 318274", maskedBody: "Your door code is ••••••", status: "delivered" });
    const overview = await client.get("/dashboard/properties");
    // The property's locale (en-US by default); its zone is the viewer's only one, so it goes unnamed.
    expect(overview.html).toContain("Wed, Nov 25, 4:00 PM");
    expect(overview.html).toContain("code active");
    expect(overview.html).toContain("message delivered");
    expect(overview.html).toContain("offline");
    expect(overview.html).not.toContain("318274");
    const outbox = (await client.get("/dashboard/outbox")).html;
    expect(outbox).toContain("Your door code is ••••••");
    expect(outbox).not.toContain("318274");
  });

  it("reveals one message's PIN from the outbox only through a form, and records who read it", async () => {
    const { client, csrf, deps, seed, owner } = await signedIn();
    const prop = seed.property(owner.accountId, "Cabin");
    const stay = seed.stay(owner.accountId, prop, { checkIn: "2026-11-25T16:00:00Z", checkOut: "2026-11-28T11:00:00Z", guestName: "Sam" });
    const masked = seed.message({ accountId: owner.accountId, stayId: stay, body: "Your door code is 318274", maskedBody: "Your door code is ••••••" });
    const older = seed.message({ accountId: owner.accountId, stayId: stay, body: "Your door code is 640127" });
    const outbox = (await client.get("/dashboard/outbox")).html;
    expect(outbox).not.toMatch(/318274|640127/);
    expect(outbox).toContain("Stored before PINs were masked");
    expect(outbox).toContain(`action="/dashboard/outbox/${masked}/reveal"`);

    expect((await client.post(`/dashboard/outbox/${masked}/reveal`, { _csrf: "forged" })).status).toBe(403);
    const revealed = await client.post(`/dashboard/outbox/${masked}/reveal`, { _csrf: csrf });
    expect(revealed.status).toBe(200);
    expect(revealed.html).toContain("Your door code is 318274");
    expect(revealed.headers.get("cache-control")).toBe("no-store");
    expect((await client.post(`/dashboard/outbox/${older}/reveal`, { _csrf: csrf })).html).toContain("Your door code is 640127");

    const views = deps.db.select().from(auditEvents).where(eq(auditEvents.action, "message.pin_viewed")).all();
    expect(views.map((v) => [v.subjectId, v.actor])).toEqual([[masked, `user:${owner.userId}`], [older, `user:${owner.userId}`]]);
  });

  it("reveals no other account's message", async () => {
    const { client, csrf, seed } = await signedIn();
    const other = await seed.account("other@example.com", "other-password-1");
    const theirs = seed.message({ accountId: other.accountId, body: "Your door code is 550912", maskedBody: "Your door code is ••••••" });
    const res = await client.post(`/dashboard/outbox/${theirs}/reveal`, { _csrf: csrf });
    expect(res.status).toBe(404);
    expect(res.html).not.toContain("550912");
  });
  it("shows a stay's PIN only through an audited form, only while the code can open the door, and only the account's own", async () => {
    const { client, csrf, deps, seed, owner } = await signedIn();
    const prop = seed.property(owner.accountId, "Cabin");
    const lock = seed.lock(owner.accountId, prop, "Front door");
    const stay = seed.stay(owner.accountId, prop, { checkIn: "2026-11-25T16:00:00Z", checkOut: "2026-11-28T11:00:00Z", guestName: "Sam" });
    const live = seed.code({ accountId: owner.accountId, propertyId: prop, lockId: lock, pin: "731946", state: "active", from: "2026-11-25T16:00:00Z", to: "2026-11-28T11:00:00Z", stayId: stay });
    const gone = seed.code({ accountId: owner.accountId, propertyId: prop, lockId: lock, pin: "208451", state: "revoked", from: "2026-11-20T16:00:00Z", to: "2026-11-22T11:00:00Z", stayId: stay });
    const page = (await client.get(`/dashboard/stays/${stay}`)).html;
    expect(page).not.toMatch(/731946|208451/);
    expect(page).toContain(`action="/dashboard/stays/${stay}/codes/${live}/pin"`);
    expect(page).not.toContain(`/codes/${gone}/pin`);

    expect((await client.post(`/dashboard/stays/${stay}/codes/${live}/pin`, { _csrf: "forged" })).status).toBe(403);
    const shown = await client.post(`/dashboard/stays/${stay}/codes/${live}/pin`, { _csrf: csrf });
    expect(shown.status).toBe(200);
    expect(shown.html).toContain("731946");
    expect(shown.headers.get("cache-control")).toBe("no-store");
    expect((await client.post(`/dashboard/stays/${stay}/codes/${gone}/pin`, { _csrf: csrf })).status).toBe(409);

    const other = await seed.account("other@example.com", "other-password-1");
    const theirProp = seed.property(other.accountId, "Theirs");
    const theirStay = seed.stay(other.accountId, theirProp, { checkIn: "2026-11-25T16:00:00Z", checkOut: "2026-11-28T11:00:00Z", guestName: "Kim" });
    const theirs = seed.code({ accountId: other.accountId, propertyId: theirProp, lockId: seed.lock(other.accountId, theirProp, "Door"), pin: "550913", state: "active", from: "2026-11-25T16:00:00Z", to: "2026-11-28T11:00:00Z", stayId: theirStay });
    const refused = await client.post(`/dashboard/stays/${theirStay}/codes/${theirs}/pin`, { _csrf: csrf });
    expect(refused.status).toBe(404);
    expect(refused.html).not.toContain("550913");
    expect((await client.post(`/dashboard/stays/${stay}/codes/${theirs}/pin`, { _csrf: csrf })).status).toBe(404);

    const views = deps.db.select().from(auditEvents).where(eq(auditEvents.action, "access_code.pin_viewed")).all();
    expect(views.map((v) => [v.subjectId, v.actor])).toEqual([[live, `user:${owner.userId}`]]);
  });

  it("saves a guest's contact through the API's rules, audits it without the number and tells the planner once", async () => {
    const { client, csrf, deps, seed, owner } = await signedIn();
    const prop = seed.property(owner.accountId, "Cabin");
    const stay = seed.stay(owner.accountId, prop, { checkIn: "2026-11-25T16:00:00Z", checkOut: "2026-11-28T11:00:00Z", guestName: "Sam" });
    const bad = await client.post(`/dashboard/stays/${stay}/contact`, { _csrf: csrf, guestName: "Sam Lee", guestPhone: "0555 0123", guestEmail: "sam@" });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain("must be a phone number with its country code");
    expect(bad.html).toMatch(/id="f-guestPhone"[^>]*aria-describedby="f-guestPhone-err f-guestPhone-hint"/);
    expect(bad.html).toMatch(/id="f-guestEmail"[^>]*aria-invalid="true"/);
    expect(bad.html).toContain('value="0555 0123"');
    expect(bad.html).toContain('value="Sam Lee"');
    const stored = () => openStay(deps.box, deps.db.select().from(stays).where(eq(stays.id, stay)).get()!);
    expect(stored()).toMatchObject({ guestName: "Sam", guestPhone: null, version: 1 });

    const form = { _csrf: csrf, guestName: "Sam Lee", guestPhone: "+1 (555) 555-0123", guestEmail: "sam@example.com" };
    const ok = await client.post(`/dashboard/stays/${stay}/contact`, form);
    expect(ok.status).toBe(303);
    expect(stored()).toMatchObject({
      guestName: "Sam Lee", guestPhone: "+15555550123", guestPhoneLast4: "0123", guestEmail: "sam@example.com", version: 2,
    });
    expect(planRequested(deps)).toEqual([stay]);
    const audit = deps.db.select().from(auditEvents).where(eq(auditEvents.subjectId, stay)).all();
    expect(audit.map((e) => [e.action, e.detail])).toEqual([["stay.guest_contact", { fields: ["guestName", "guestPhone", "guestEmail"] }]]);
    expect(JSON.stringify(audit)).not.toContain("5550123");
    expect((await client.get(ok.location!)).html).toContain("Guest contact saved.");

    // Saving the same contact again is no change: no version bump, no second message scheduled.
    expect((await client.post(`/dashboard/stays/${stay}/contact`, form)).status).toBe(303);
    expect(deps.db.select().from(stays).where(eq(stays.id, stay)).get()!.version).toBe(2);
    expect(planRequested(deps)).toEqual([stay]);
  });

  it("adds a lock with the API's rules and re-plans the property's upcoming stays", async () => {
    const { client, csrf, deps, seed, owner } = await signedIn();
    const prop = seed.property(owner.accountId, "Cabin");
    const upcoming = seed.stay(owner.accountId, prop, { checkIn: "2026-11-25T16:00:00Z", checkOut: "2026-11-28T11:00:00Z", guestName: "Sam" });
    seed.stay(owner.accountId, prop, { checkIn: "2026-11-01T16:00:00Z", checkOut: "2026-11-03T11:00:00Z", guestName: "Gone" });
    const other = await seed.account("other@example.com", "other-password-1");
    const foreignConn = "conn_foreign";
    seed.connection(other.accountId, "Their Seam", foreignConn);
    seed.connection(owner.accountId, "My Seam", "conn_mine");

    const page = await client.get(`/dashboard/properties/${prop}`);
    expect(page.html).toContain("My Seam");
    expect(page.html).not.toContain("Their Seam");

    const noConn = await client.post(`/dashboard/properties/${prop}/locks`, { _csrf: csrf, name: "Back door", provider: "seam", providerDeviceId: "dev-1", connectionId: "", slotCapacity: "" });
    expect(noConn.status).toBe(400);
    expect(noConn.html).toMatch(/id="lock-connectionId"[^>]*aria-describedby="lock-connectionId-err lock-connectionId-hint"/);
    expect(noConn.html).toContain('value="Back door"');
    const foreign = await client.post(`/dashboard/properties/${prop}/locks`, { _csrf: csrf, name: "Back door", provider: "seam", providerDeviceId: "dev-1", connectionId: foreignConn, slotCapacity: "" });
    expect(foreign.status).toBe(400);
    expect(foreign.html).toContain("is not one of your connections");
    const blank = await client.post(`/dashboard/properties/${prop}/locks`, { _csrf: csrf, name: " ", provider: "simulated", providerDeviceId: "sim-1", connectionId: "", slotCapacity: "4" });
    expect(blank.status).toBe(400);
    expect(blank.html).toMatch(/id="lock-name"[^>]*aria-invalid="true"/);
    expect(blank.html).toContain("A simulated lock has no code slots to count");
    expect(deps.db.select().from(locks).all()).toEqual([]);
    expect(planRequested(deps)).toEqual([]);

    const ok = await client.post(`/dashboard/properties/${prop}/locks`, { _csrf: csrf, name: "Front door", provider: "simulated", providerDeviceId: "sim-1", connectionId: "", slotCapacity: "" });
    expect(ok.status).toBe(303);
    expect(deps.db.select().from(locks).all()).toMatchObject([{ accountId: owner.accountId, propertyId: prop, name: "Front door", provider: "simulated", providerDeviceId: "sim-1", connectionId: null }]);
    expect(planRequested(deps)).toEqual([upcoming]);
    expect((await client.get(ok.location!)).html).toContain("Added Front door.");

    const seam = await client.post(`/dashboard/properties/${prop}/locks`, { _csrf: csrf, name: "Back door", provider: "seam", providerDeviceId: "dev-1", connectionId: "conn_mine", slotCapacity: "" });
    expect(seam.status).toBe(303);
    const dup = await client.post(`/dashboard/properties/${prop}/locks`, { _csrf: csrf, name: "Side door", provider: "simulated", providerDeviceId: "sim-1", connectionId: "", slotCapacity: "" });
    expect(dup.status).toBe(409);
    expect(dup.html).toContain("another of your locks already uses this device");
    expect(deps.db.select().from(locks).all()).toHaveLength(2);
  });

  it("refuses the contact and lock forms for another account's stay or property, and without the CSRF token", async () => {
    const { client, csrf, deps, seed, owner } = await signedIn();
    const other = await seed.account("other@example.com", "other-password-1");
    const theirProp = seed.property(other.accountId, "Their cabin");
    const theirStay = seed.stay(other.accountId, theirProp, { checkIn: "2026-11-25T16:00:00Z", checkOut: "2026-11-28T11:00:00Z", guestName: "Them" });
    const lockForm = { name: "Door", provider: "simulated", providerDeviceId: "sim-x", connectionId: "", slotCapacity: "" };
    const contactForm = { guestName: "Mallory", guestPhone: "+15555550199", guestEmail: "" };
    expect((await client.post(`/dashboard/stays/${theirStay}/contact`, { _csrf: csrf, ...contactForm })).status).toBe(404);
    expect((await client.post(`/dashboard/properties/${theirProp}/locks`, { _csrf: csrf, ...lockForm })).status).toBe(404);
    const prop = seed.property(owner.accountId, "Cabin");
    const stay = seed.stay(owner.accountId, prop, { checkIn: "2026-11-25T16:00:00Z", checkOut: "2026-11-28T11:00:00Z", guestName: "Sam" });
    expect((await client.post(`/dashboard/stays/${stay}/contact`, contactForm)).status).toBe(403);
    expect((await client.post(`/dashboard/properties/${prop}/locks`, { _csrf: "forged", ...lockForm })).status).toBe(403);
    expect(deps.db.select().from(locks).all()).toEqual([]);
    expect(deps.db.select({ name: stays.guestName }).from(stays).all().map((r) => r.name).sort()).toEqual(["Sam", "Them"]);
  });
});
