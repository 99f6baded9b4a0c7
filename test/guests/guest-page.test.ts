import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { auditEvents, guestRegistrations, jobs, messages, stays } from "../../src/db/schema";
import { openStay } from "../../src/services/contact-details/contact-details";
import { checkinPath, stayGuestPath } from "../../src/services/guests/guest-links";
import { guestRegistrationIpAd } from "../../src/services/guests/register-contact";
import { testServiceDeps } from "../support/service-deps";
import { testWorld } from "../support/world";
import { webClient } from "../web/web-client";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function setUp() {
  const deps = testServiceDeps();
  const world = testWorld(deps);
  const { accountId } = await world.account();
  const property = world.property(accountId, { name: "Harbour Loft", address: "12 Quay St", wifiName: "loft-net", wifiPassword: "sea-breeze-42", checkInInstructions: "Key box left of the door." });
  const lock = world.lock(property.id);
  const checkInAt = new Date(deps.clock.now().getTime() + 5 * DAY);
  const stay = world.stay(property.id, { checkInAt, checkOutAt: new Date(checkInAt.getTime() + 3 * DAY), reservationCode: "HMABC12345", guestPhoneLast4: "0187", guestName: "Ana" });
  const app = createApp(deps);
  return { deps, world, accountId, property, lock, stay, app, client: webClient(app, { ip: "203.0.113.7" }) };
}

type Setup = Awaited<ReturnType<typeof setUp>>;
let s: Setup;
beforeEach(async () => {
  s = await setUp();
});

const auditOf = (stayId: string) => s.deps.db.select().from(auditEvents).where(eq(auditEvents.subjectId, stayId)).all();
const moveTo = (at: Date) => s.deps.clock.set(at);

describe("the property's check-in link", () => {
  it("finds the stay by reservation code and the phone's last 4, in any case", async () => {
    const page = await s.client.get(checkinPath(s.deps.box, s.property));
    expect(page.status).toBe(200);
    expect(page.html).toContain("Harbour Loft");
    const found = await s.client.post(checkinPath(s.deps.box, s.property), { reservationCode: " hmabc12345 ", last4: "0187" });
    expect(found.status).toBe(303);
    expect(found.location).toBe(`${stayGuestPath(s.deps.box, s.stay)}?lang=en`);
  });

  it("answers 404 for a forged or unknown link", async () => {
    const token = checkinPath(s.deps.box, s.property).split("/")[2]!;
    expect((await s.client.get(`/checkin/${token.slice(0, -1)}${token.endsWith("0") ? "1" : "0"}`)).status).toBe(404);
    expect((await s.client.get("/checkin/nothing-here")).status).toBe(404);
  });

  it("refuses a wrong last 4, and the fifth wrong try on a stay answers 429 with Retry-After until the hour is up", async () => {
    const path = checkinPath(s.deps.box, s.property);
    for (let i = 0; i < 4; i++) {
      const wrong = await s.client.post(path, { reservationCode: "HMABC12345", last4: `111${i}` });
      expect(wrong.status).toBe(400);
      expect(wrong.html).toContain("could not find a reservation");
    }
    const fifth = await s.client.post(path, { reservationCode: "HMABC12345", last4: "9999" });
    expect(fifth.status).toBe(429);
    expect(Number(fifth.headers.get("retry-after"))).toBeGreaterThan(0);
    // From another address, with the right pair: the stay's own limit holds, and it survives a restart (a new app on the same database).
    const elsewhere = webClient(createApp(s.deps), { ip: "198.51.100.9" });
    const right = await elsewhere.post(path, { reservationCode: "HMABC12345", last4: "0187" });
    expect(right.status).toBe(429);
    moveTo(new Date(s.deps.clock.now().getTime() + HOUR + 1000));
    expect((await elsewhere.post(path, { reservationCode: "HMABC12345", last4: "0187" })).status).toBe(303);
  });

  it("cannot find a stay whose feed carries no last 4: the per-stay link is the way in", async () => {
    s.world.stay(s.property.id, { reservationCode: "VRBO-777", guestPhoneLast4: null });
    const res = await s.client.post(checkinPath(s.deps.box, s.property), { reservationCode: "VRBO-777", last4: "1234" });
    expect(res.status).toBe(400);
    expect(res.html).toContain("personal link");
  });

  it("does not find another property's stay through this property's link", async () => {
    const other = s.world.property(s.accountId, { name: "Other" });
    const res = await s.client.post(checkinPath(s.deps.box, other), { reservationCode: "HMABC12345", last4: "0187" });
    expect(res.status).toBe(400);
  });
});

describe("the stay's guest page", () => {
  it("says when the code will appear before the reveal window, and shows the confirmed code inside it, each view audited", async () => {
    const path = stayGuestPath(s.deps.box, s.stay);
    const early = await s.client.get(path);
    expect(early.status).toBe(200);
    expect(early.html).toContain("Your door code appears here on");
    expect(early.html).toContain("Key box left of the door.");
    expect(early.html).toContain("sea-breeze-42");
    s.world.code(s.lock.id, { stayId: s.stay.id, state: "active", pin: "482913" });
    expect(early.html).not.toContain("482913");

    moveTo(new Date(s.stay.checkInAt.getTime() - 47 * HOUR));
    const open = await s.client.get(path);
    expect(open.html).toContain("482913");
    await s.client.get(path);
    const actions = auditOf(s.stay.id).map((e) => e.action);
    expect(actions.filter((a) => a === "guest.code_viewed")).toHaveLength(2);
    expect(actions.filter((a) => a === "guest.page_opened")).toHaveLength(1);
    expect(s.deps.db.select().from(stays).where(eq(stays.id, s.stay.id)).get()!.guestPageOpenedAt).not.toBeNull();
  });

  it("shows a code the lock has not confirmed to no one", async () => {
    s.world.code(s.lock.id, { stayId: s.stay.id, state: "programming", pin: "482913" });
    moveTo(new Date(s.stay.checkInAt.getTime() - HOUR));
    const page = await s.client.get(stayGuestPath(s.deps.box, s.stay));
    expect(page.html).not.toContain("482913");
    expect(page.html).toContain("as soon as the lock confirms it");
    expect(auditOf(s.stay.id).some((e) => e.action === "guest.code_viewed")).toBe(false);
  });

  it("shows nothing of the stay after checkout", async () => {
    s.world.code(s.lock.id, { stayId: s.stay.id, state: "active", pin: "482913" });
    moveTo(new Date(s.stay.checkOutAt.getTime() + 1));
    const page = await s.client.get(stayGuestPath(s.deps.box, s.stay));
    expect(page.status).toBe(410);
    for (const secret of ["482913", "Harbour Loft", "12 Quay St", "sea-breeze-42"]) expect(page.html).not.toContain(secret);
  });

  it("answers 404 for a link naming another account's stay with this account's key, or a made-up one", async () => {
    const { accountId } = await s.world.account();
    const theirs = s.world.stay(s.world.property(accountId).id);
    const forged = stayGuestPath(s.deps.box, { id: theirs.id, accountId: s.accountId });
    expect((await s.client.get(forged)).status).toBe(404);
    expect((await s.client.get(`/g/${theirs.id}.${"0".repeat(32)}`)).status).toBe(404);
  });

  it("speaks the browser's language, and the chooser's over it", async () => {
    const path = stayGuestPath(s.deps.box, s.stay);
    const spanish = await webClient(s.app, { headers: { "accept-language": "es-ES,es;q=0.9,en;q=0.5" } }).get(path);
    expect(spanish.html).toContain('lang="es"');
    expect(spanish.html).toContain("Código de la puerta");
    const german = await webClient(s.app, { headers: { "accept-language": "es" } }).get(`${path}?lang=de`);
    expect(german.html).toContain("Türcode");
  });
});

describe("the guest leaves a way to reach them", () => {
  it("refuses a number whose last 4 differ from the booking's, and a number without the consent to texts", async () => {
    const path = `${stayGuestPath(s.deps.box, s.stay)}/contact`;
    const wrong = await s.client.post(path, { phone: "+1 415 555 0100", smsConsent: "yes" });
    expect(wrong.status).toBe(400);
    expect(wrong.html).toContain("does not match the phone number on the booking");
    const noConsent = await s.client.post(path, { phone: "+1 415 555 0187" });
    expect(noConsent.status).toBe(400);
    expect(noConsent.html).toContain("Tick the box");
    expect(openStay(s.deps.box, s.deps.db.select().from(stays).where(eq(stays.id, s.stay.id)).get()!).guestPhone).toBeNull();
  });

  it("puts the number on the stay as if the host typed it, records the consent with time and address, and sends the code now when the page shows it", async () => {
    s.world.code(s.lock.id, { stayId: s.stay.id, state: "active", pin: "482913" });
    moveTo(new Date(s.stay.checkInAt.getTime() - 40 * HOUR));
    const saved = await s.client.post(`${stayGuestPath(s.deps.box, s.stay)}/contact`, { phone: "+1 (415) 555-0187", smsConsent: "yes", lang: "fr" });
    expect(saved.status).toBe(303);

    const row = s.deps.db.select().from(stays).where(eq(stays.id, s.stay.id)).get()!;
    expect(openStay(s.deps.box, row).guestPhone).toBe("+14155550187");
    expect(row.guestContactSource).toBe("guest");
    expect(row.guestLocale).toBe("fr");
    const [registration] = s.deps.db.select().from(guestRegistrations).all();
    expect(registration).toMatchObject({ stayId: s.stay.id, gavePhone: true, gaveEmail: false, smsConsent: true, at: s.deps.clock.now() });
    expect(s.deps.box.decrypt(registration!.ipEnc!, guestRegistrationIpAd(registration!.id))).toBe("203.0.113.7");
    expect(auditOf(s.stay.id).find((e) => e.action === "guest.contact_changed")?.detail).toMatchObject({ fields: ["guestPhone"], smsConsent: true });

    const sms = s.deps.db.select().from(messages).where(eq(messages.stayId, s.stay.id)).all();
    expect(sms).toHaveLength(1);
    expect(sms[0]).toMatchObject({ channel: "sms", purpose: "guest_code", status: "queued", sendAt: s.deps.clock.now() });
    // Nothing of the number in the rows others read: job payloads, the audit trail, the registration.
    const stored = JSON.stringify([s.deps.db.select().from(jobs).all(), s.deps.db.select().from(auditEvents).all(), registration]);
    expect(stored).not.toContain("5550187");
    expect(stored).not.toContain("203.0.113.7");

    const again = await s.client.get(stayGuestPath(s.deps.box, s.stay));
    expect(again.html).toContain("SMS");
  });

  it("counts contact changes per stay", async () => {
    const path = `${stayGuestPath(s.deps.box, s.stay)}/contact`;
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await s.client.post(path, { email: `guest${i}@example.com` })).status);
    expect(statuses.slice(0, 9).every((st) => st === 303)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});
