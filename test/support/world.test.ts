import { describe, expect, it } from "vitest";
import { revealCodePin } from "../../src/services/access/reveal-pin";
import { findUserByEmail } from "../../src/services/accounts/create-account";
import { getFeed } from "../../src/services/calendar/feeds";
import { openStay } from "../../src/services/contact-details/contact-details";
import { readContact } from "../../src/services/contacts/contacts";
import { readMessage } from "../../src/services/delivery/read-messages";
import { getProperty } from "../../src/services/properties/properties";
import { testDeps } from "./test-deps";
import { testWorld } from "./world";

// Seeded rows must read back through the services exactly like rows those services wrote: a seed that sealed a
// value differently would make every test built on it test something production never sees.
describe("the test world", () => {
  const setup = async () => {
    const deps = testDeps({ now: "2026-11-21T12:00:00Z" });
    const world = testWorld(deps);
    const { accountId } = await world.account({ email: "host@example.com" });
    const property = world.property(accountId, { timezone: "America/New_York" });
    return { deps, world, accountId, property };
  };

  it("seeds an owner the sign-in lookup finds, and a second user with their own sealed email", async () => {
    const { deps, world, accountId } = await setup();
    expect(findUserByEmail(deps, "Host@Example.com")).toMatchObject({ accountId, role: "owner" });
    const cleaner = await world.user(accountId, { email: "sam@example.com", password: "sam-password-1" });
    expect(findUserByEmail(deps, "sam@example.com")).toMatchObject({ id: cleaner.id, role: "cleaner" });
  });

  it("places a default stay tomorrow at the property's times, and dates given instants in the property's zone", async () => {
    const { deps, world, property } = await setup();
    expect(world.stay(property.id)).toMatchObject({
      checkInDate: "2026-11-22", checkOutDate: "2026-11-25", checkInAt: new Date("2026-11-22T21:00:00Z"), checkOutAt: new Date("2026-11-25T16:00:00Z"),
    });
    // 20:00 EST on 1 December is already 2 December in UTC.
    const late = world.stay(property.id, { checkInAt: "2026-12-02T01:00:00Z", checkOutAt: "2026-12-04T16:00:00Z", guestPhone: "+1 415 555 0123", guestEmail: "ann@example.com" });
    expect(late).toMatchObject({ checkInDate: "2026-12-01", checkOutDate: "2026-12-04", guestPhoneLast4: "0123" });
    expect(openStay(deps.box, late)).toMatchObject({ guestPhone: "+1 415 555 0123", guestEmail: "ann@example.com" });
  });

  it("seals a code's PIN so the reveal service opens it, with the guest window of its stay", async () => {
    const { deps, world, accountId, property } = await setup();
    const lock = world.lock(property.id, { health: { batteryLevel: 12 } });
    expect(lock).toMatchObject({ accountId, propertyId: property.id, provider: "simulated", batteryLevel: 12 });
    const stay = world.stay(property.id);
    const code = world.code(lock.id, { stayId: stay.id, pin: "583914", state: "active" });
    expect(code).toMatchObject({ purpose: "guest", validFrom: stay.checkInAt, validTo: stay.checkOutAt, pinLength: 6 });
    expect(revealCodePin(deps, accountId, code.id, "user:test").pin).toBe("583914");
    const turnover = world.turnover(stay.id);
    expect(turnover).toMatchObject({ startsAt: stay.checkOutAt, endsAt: new Date(stay.checkOutAt.getTime() + 300 * 60_000) });
    expect(world.code(lock.id, { turnoverId: turnover.id })).toMatchObject({ purpose: "cleaner", validFrom: turnover.startsAt, state: "planned" });
  });

  it("seals a message's bodies so the outbox reads the masked one and the reveal the one sent", async () => {
    const { deps, world, accountId } = await setup();
    const message = world.message(accountId, { body: "Your door code is 583914", maskedBody: "Your door code is ••••••", status: "sent" });
    expect(readMessage(deps, accountId, message.id, { revealPin: false, actor: "user:test" }).body).toBe("Your door code is ••••••");
    expect(readMessage(deps, accountId, message.id, { revealPin: true, actor: "user:test" }).body).toBe("Your door code is 583914");
  });

  it("stores a feed's URL sealed to its row, so a sync error quoting it is shown redacted", async () => {
    const { deps, world, accountId, property } = await setup();
    const url = "https://www.airbnb.com/calendar/ical/123.ics?s=secret-token";
    const feed = world.feed(property.id, { url, state: { status: "failing", lastError: `HTTP 500 from ${url}` } });
    expect(getFeed(deps, accountId, feed.id)).toMatchObject({ status: "failing", lastError: "HTTP 500 from https://www.airbnb.com/calendar/ical/…" });
  });

  it("adds cleaners beside the ones a property has, their details sealed as the contacts service seals them", async () => {
    const { deps, world, accountId, property } = await setup();
    const robin = world.cleaner(property.id, { phone: "+14155550999" });
    const kim = world.cleaner(property.id, { name: "Kim" });
    expect(getProperty(deps, accountId, property.id).cleanerIds.sort()).toEqual([robin.id, kim.id].sort());
    expect(readContact(deps, accountId, robin.id)).toMatchObject({ name: "Robin", phone: "+14155550999", email: null, propertyIds: [property.id] });
  });
});
