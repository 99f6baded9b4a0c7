import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DateTime } from "luxon";
import { jobs, stays } from "../../src/db/schema";
import { startFeedServer, type FeedServer } from "../peers/feed-server";
import { apiHarness } from "../support/api-client";

let feeds: FeedServer;
beforeAll(async () => {
  feeds = await startFeedServer();
});
afterAll(() => feeds.close());

const JORDAN = ["DESCRIPTION:Name: Jordan Blake\\nEmail: jordan.blake@example.com\\nPhone: +1 (415)", "  555-0199\\nGuests: 4"];

/** A PMS export (OwnerRez-shaped) as it is served: the contact in DESCRIPTION, escaped newlines, folded lines. */
function pmsCalendar(start: string, end: string, description: string[] = JORDAN) {
  return [
    "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//OwnerRez//Calendar//EN",
    "BEGIN:VEVENT", "UID:or-booking-51234@ownerrez.com", "DTSTAMP:20261120T000000Z",
    `DTSTART;VALUE=DATE:${start}`, `DTEND;VALUE=DATE:${end}`, "SUMMARY:Booked - Jordan Blake",
    ...description,
    "END:VEVENT", "END:VCALENDAR", "",
  ].join("\r\n");
}

describe("contacts from PMS feeds", () => {
  it("reads the guest's phone, email and count from DESCRIPTION and treats them like a host-typed contact, sealed", async () => {
    const { deps, a } = await apiHarness();
    const property = await a.request("POST", "/api/v1/properties", { name: "Ridge Lodge", timezone: "America/Denver" });
    const start = DateTime.fromJSDate(deps.clock.now()).plus({ days: 10 }).toFormat("yyyyLLdd");
    const end = DateTime.fromJSDate(deps.clock.now()).plus({ days: 13 }).toFormat("yyyyLLdd");
    feeds.set("/ownerrez/ridge.ics", { body: pmsCalendar(start, end), headers: { "content-type": "text/calendar" } });
    const feed = await a.request("POST", "/api/v1/feeds", { propertyId: property.body.id, url: feeds.url("/ownerrez/ridge.ics") });
    expect(feed.status).toBe(201);

    const [row] = deps.db.select().from(stays).all();
    expect(row).toMatchObject({ guestName: "Jordan Blake", guestPhoneLast4: "0199", guestCount: 4, guestContactSource: "feed" });
    expect(row!.guestPhoneEnc).not.toContain("555");
    const stay = await a.request("GET", `/api/v1/stays/${row!.id}`);
    expect(stay.body).toMatchObject({ guestPhone: "+14155550199", guestEmail: "jordan.blake@example.com", guestCount: 4, guestContactSource: "feed" });
    const payloads = JSON.stringify(deps.db.select().from(jobs).all());
    expect(payloads).not.toContain("5550199");
    expect(payloads).not.toContain("jordan.blake@");
  });

  it("takes a contact the PMS exports later, or corrects, into a booking it already has; never over the host's, never erasing one", async () => {
    const { deps, a } = await apiHarness();
    const property = await a.request("POST", "/api/v1/properties", { name: "Ridge Lodge", timezone: "America/Denver" });
    const start = DateTime.fromJSDate(deps.clock.now()).plus({ days: 10 }).toFormat("yyyyLLdd");
    const end = DateTime.fromJSDate(deps.clock.now()).plus({ days: 13 }).toFormat("yyyyLLdd");
    const serve = (description: string[]) => feeds.set("/ownerrez/later.ics", { body: pmsCalendar(start, end, description), headers: { "content-type": "text/calendar" } });
    serve(["DESCRIPTION:Name: Jordan Blake\\nGuests: 2"]);
    const feed = (await a.request("POST", "/api/v1/feeds", { propertyId: property.body.id, url: feeds.url("/ownerrez/later.ics") })).body;
    const [created] = deps.db.select().from(stays).all();
    expect(created).toMatchObject({ guestContactSource: null, guestPhoneEnc: null, guestCount: 2, version: 1 });
    const stay = async () => (await a.request("GET", `/api/v1/stays/${created!.id}`)).body;
    const plannerNotices = () => deps.db.select().from(jobs).all().filter((j) => j.name === "access-codes.plan-property").length;
    const sync = async () => (await a.request("POST", `/api/v1/feeds/${feed.id}/sync`)).body.sync;

    // The guest gave the PMS their contact: the next sync takes it, and the planner is told (a new version).
    serve(JORDAN);
    const notices = plannerNotices();
    expect((await sync()).summary).toContain("1 guest contact from the calendar");
    expect(await stay()).toMatchObject({ guestPhone: "+14155550199", guestEmail: "jordan.blake@example.com", guestPhoneLast4: "0199", guestCount: 4, guestContactSource: "feed", version: 2 });
    expect(plannerNotices()).toBe(notices + 1);

    // A corrected number replaces the one the feed gave.
    serve(["DESCRIPTION:Name: Jordan Blake\\nEmail: jordan.blake@example.com\\nPhone: +1 415 555 0142\\nGuests: 4"]);
    await sync();
    expect(await stay()).toMatchObject({ guestPhone: "+14155550142", guestPhoneLast4: "0142", guestEmail: "jordan.blake@example.com", guestContactSource: "feed" });

    // A feed that stops carrying the contact erases nothing; a head count alone is no new contact (no new version).
    serve(["DESCRIPTION:Name: Jordan Blake\\nGuests: 3"]);
    const before = (await stay()).version;
    await sync();
    expect(await stay()).toMatchObject({ guestPhone: "+14155550142", guestEmail: "jordan.blake@example.com", guestCount: 3, version: before });

    // What the host typed wins over anything the feed says later.
    expect((await a.request("PATCH", `/api/v1/stays/${created!.id}`, { guestPhone: "+14155550100" })).status).toBe(200);
    serve(["DESCRIPTION:Name: Jordan Blake\\nEmail: other@example.com\\nPhone: +1 415 555 0177\\nGuests: 3"]);
    await sync();
    expect(await stay()).toMatchObject({ guestPhone: "+14155550100", guestEmail: "jordan.blake@example.com", guestContactSource: "host" });
    const sealed = JSON.stringify(deps.db.select().from(stays).all()) + JSON.stringify(deps.db.select().from(jobs).all());
    expect(sealed).not.toContain("5550142");
  });
});
