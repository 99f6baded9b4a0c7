import { describe, expect, it } from "vitest";
import { signedInHost } from "./signed-in-host";

const setup = () => signedInHost({ email: "ao@example.com", password: "ao-password-123" });

describe("alerts name and link what they are about", () => {
  it("links a lock's, a calendar's and a stay's alert to them and shows times in the property's zone", async () => {
    const { world, owner, client, deps } = await setup();
    const beach = world.property(owner.accountId, { name: "Beach flat", timezone: "America/New_York" });
    const door = world.lock(beach.id, { name: "Beach door" });
    const feed = world.feed(beach.id, { name: "Airbnb listing" });
    const stay = world.stay(beach.id, { guestName: "Maya" });
    world.alert(owner.accountId, { subjectId: door.id, title: "Battery low" });
    world.alert(owner.accountId, { subjectId: feed.id, subjectType: "feed", kind: "feed_failing", title: "Calendar failing" });
    world.alert(owner.accountId, { subjectId: stay.id, subjectType: "stay", kind: "check_in_not_ready", title: "Not ready" });
    const other = await world.account({ email: "x@example.com", password: "x-password-1234" });
    const theirs = world.property(other.accountId, { name: "Their place" });
    const theirLock = world.lock(theirs.id, { name: "Their door" });
    // An alert of this account that names another account's id (it cannot happen, but must not leak if it did).
    world.alert(owner.accountId, { subjectId: theirLock.id, title: "Odd one", dedupeKey: "odd" });
    const page = (await client.get("/dashboard/alerts")).html;
    expect(page).toContain(`About <a href="/dashboard/properties/${beach.id}#lock-${door.id}">Beach door</a> at <a href="/dashboard/properties/${beach.id}">Beach flat</a>`);
    expect(page).toContain(`<a href="/dashboard/properties/${beach.id}#feed-${feed.id}">Airbnb listing</a>`);
    expect(page).toContain(`<a href="/dashboard/stays/${stay.id}">Maya</a>`);
    expect(page).not.toContain("Their door");
    expect(page).not.toContain("UTC");
    const opened = new Intl.DateTimeFormat("en-US", { timeZone: "America/New_York", hour: "numeric", minute: "2-digit" }).format(deps.clock.now());
    expect(page).toContain(opened);
  });
});

describe("outbox", () => {
  it("names the property and recipient and filters by property, kind and state", async () => {
    const { world, owner, client } = await setup();
    const beach = world.property(owner.accountId, { name: "Beach flat" });
    const hill = world.property(owner.accountId, { name: "Hill house" });
    const s1 = world.stay(beach.id, { guestName: "Maya" });
    const s2 = world.stay(hill.id, { guestName: "Noah" });
    const ana = world.cleaner(hill.id, { name: "Ana", phone: "+351910000001" });
    world.message(owner.accountId, { stayId: s1.id, propertyId: beach.id, status: "delivered", body: "code 123456", maskedBody: "code ••••••" });
    world.message(owner.accountId, { stayId: s2.id, propertyId: hill.id, status: "failed", body: "code 654321", maskedBody: "code ••••••" });
    world.message(owner.accountId, { contactId: ana.id, propertyId: hill.id, purpose: "cleaner_notice", status: "sent", recipient: "+351910000001" });
    const all = (await client.get("/dashboard/outbox")).html;
    expect(all).toContain("Guest code</strong> to Maya (");
    expect(all).toContain("Cleaner notice</strong> to Ana (");
    expect(all).toContain(">Beach flat</a>");
    expect(all).not.toContain("123456");
    const hillOnly = (await client.get(`/dashboard/outbox?property=${hill.id}`)).html;
    expect(hillOnly).not.toContain("to Maya");
    expect(hillOnly).toContain("to Noah");
    const failed = (await client.get("/dashboard/outbox?state=failed")).html;
    expect(failed).toContain("to Noah");
    expect(failed).not.toContain("to Ana");
    const cleaners = (await client.get("/dashboard/outbox?kind=cleaner_notice")).html;
    expect(cleaners).toContain("to Ana");
    expect(cleaners).not.toContain("to Noah");
    expect((await client.get("/dashboard/outbox?state=bogus&kind=nope")).html).toContain("No messages match these filters.");
  });
});
