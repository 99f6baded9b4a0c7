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

/** A PMS export (OwnerRez-shaped) as it is served: the contact in DESCRIPTION, escaped newlines, folded lines. */
function pmsCalendar(start: string, end: string) {
  return [
    "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//OwnerRez//Calendar//EN",
    "BEGIN:VEVENT", "UID:or-booking-51234@ownerrez.com", "DTSTAMP:20261120T000000Z",
    `DTSTART;VALUE=DATE:${start}`, `DTEND;VALUE=DATE:${end}`, "SUMMARY:Booked - Jordan Blake",
    "DESCRIPTION:Name: Jordan Blake\\nEmail: jordan.blake@example.com\\nPhone: +1 (415)",
    "  555-0199\\nGuests: 4",
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
});
