import { describe, expect, it } from "vitest";
import { localToInstant } from "../../src/domain/calendar";
import { monthFrame, monthOf, shiftMonth } from "../../src/domain/month";
import { showWindow } from "../../src/domain/time";
import { monthCalendar } from "../../src/services/stays/month-calendar";
import { userProperties } from "../../src/db/schema";
import { signedInHost } from "./signed-in-host";
import { webClient } from "./web-client";

/** The bars of a page: each link on the calendar, with its classes, position and text. */
function bars(html: string) {
  return [...html.matchAll(/<a class="bar ([^"]+)" href="([^"]+)" style="left:([\d.]+)%;width:([\d.]+)%" title="([^"]*)">([^<]*)<span class="vh">([^<]*)<\/span><\/a>/g)]
    .map(([, cls, href, left, width, title, text, hidden]) => ({ cls: cls!, href: href!, left: Number(left), width: Number(width), title: title!, text: text!, hidden: hidden! }));
}

/** Month calendars (issue 19): a property's month and every property's, drawn on the server, each bar opening its stay. */
describe("month calendars", () => {
  async function setup() {
    const host = await signedInHost({ email: "calendar@example.com", password: "calendar-password-1" });
    const zone = "Europe/Lisbon";
    const beach = host.world.property(host.owner.accountId, { name: "Beach flat", timezone: zone, locale: "en-GB" });
    // Days of the month it is now there: the suite runs on any date, so nothing here is a fixed date.
    const month = monthOf(host.deps.clock.now(), zone);
    const on = (day: number, time: string, m = month) => localToInstant(`${m}-${String(day).padStart(2, "0")}`, time, zone).toISOString();
    return { ...host, zone, beach, month, on };
  }

  it("draws a property's stays, owner blocks, code windows and cleanings on its month, each opening its stay", async () => {
    const { world, client, beach, month, on, zone } = await setup();
    const door = world.lock(beach.id, { name: "Beach door" });
    const guest = world.stay(beach.id, { checkInAt: on(3, "16:00"), checkOutAt: on(6, "11:00"), guestName: "Ana Guest", guestPhone: "+351912345678" });
    world.code(door.id, { stayId: guest.id, state: "active" });
    world.turnover(guest.id, { startsAt: on(6, "11:00"), endsAt: on(6, "16:00") });
    const block = world.stay(beach.id, { checkInAt: on(10, "00:00"), checkOutAt: on(13, "00:00"), kind: "block", summary: "Airbnb (Not available)" });
    const failed = world.stay(beach.id, { checkInAt: on(20, "16:00"), checkOutAt: on(22, "11:00"), guestName: "Bo Guest" });
    world.code(door.id, { stayId: failed.id, state: "failed" });
    world.stay(beach.id, { checkInAt: on(24, "16:00"), checkOutAt: on(26, "11:00"), guestName: "Gone Guest", status: "cancelled" });

    const page = await client.get(`/dashboard/properties/${beach.id}/calendar`);
    expect(page.status).toBe(200);
    const drawn = bars(page.html);
    const days = monthFrame(month, zone).days.length;
    const stay = drawn.find((b) => b.text === "Ana Guest" && b.cls.startsWith("b-stay"))!;
    expect(stay.href).toBe(`/dashboard/stays/${guest.id}`);
    // Check-in at 16:00 on the 3rd: two days and two thirds into the month.
    expect(stay.left).toBeCloseTo(((2 + 16 / 24) / days) * 100, 2);
    expect(stay.width).toBeCloseTo(((3 - 5 / 24) / days) * 100, 2);
    expect(stay.hidden).toContain("(stay): ");
    expect(stay.hidden).toMatch(/16:00/); // en-GB, the property's locale, in its zone
    expect(drawn.find((b) => b.cls === "b-code c-ok" && b.text === "Ana Guest")).toMatchObject({ href: `/dashboard/stays/${guest.id}` });
    expect(drawn.find((b) => b.cls === "b-code c-bad" && b.text === "Bo Guest")?.hidden).toContain("guest code, failed");
    expect(drawn.find((b) => b.cls.startsWith("b-turnover"))).toMatchObject({ href: `/dashboard/stays/${guest.id}`, text: "Ana Guest" });
    // The owner's block is a block: its own look, its own words, no code or message waiting for it.
    const blockBar = drawn.find((b) => b.href === `/dashboard/stays/${block.id}`)!;
    expect(blockBar).toMatchObject({ cls: "b-block", text: "Owner block" });
    expect(drawn.filter((b) => b.href === `/dashboard/stays/${block.id}`)).toHaveLength(1);
    expect(page.html).not.toContain("Gone Guest");
    expect(page.html).not.toContain("+351912345678");
    // The tab is current, the month is named, and its neighbours are a link away.
    expect(page.html).toMatch(/<a href="\/dashboard\/properties\/[^"]+\/calendar" aria-current="page">Calendar<\/a>/);
    expect(page.html).toContain(`href="/dashboard/properties/${beach.id}/calendar?month=${shiftMonth(month, -1)}"`);
    expect(page.html).toContain(`href="/dashboard/properties/${beach.id}/calendar?month=${shiftMonth(month, 1)}"`);
    // Today is marked, in the property's zone.
    expect(page.html).toContain('class="cal-today"');
    expect(page.html).toMatch(/<span class="(?:weekend )?today"><b>/);
  });

  it("carries a stay over the month's edge onto both months, clipped and marked as running on", async () => {
    const { world, client, beach, month, on } = await setup();
    const next = shiftMonth(month, 1);
    const days = monthFrame(month, beach.timezone).days.length;
    const long = world.stay(beach.id, { checkInAt: on(days - 1, "16:00"), checkOutAt: on(3, "11:00", next), guestName: "Over Edge" });
    const here = bars((await client.get(`/dashboard/properties/${beach.id}/calendar?month=${month}`)).html).find((b) => b.text === "Over Edge")!;
    expect(here.cls).toBe("b-stay until-after");
    expect(here.left + here.width).toBeCloseTo(100, 2);
    const there = await client.get(`/dashboard/properties/${beach.id}/calendar?month=${next}`);
    const after = bars(there.html).find((b) => b.text === "Over Edge")!;
    expect(after).toMatchObject({ cls: "b-stay from-before", left: 0, href: `/dashboard/stays/${long.id}` });
    // Not this month: nothing is marked as today, and a link leads back to it.
    expect(there.html).not.toContain('class="cal-today"');
    expect(there.html).toContain(`<a href="/dashboard/properties/${beach.id}/calendar">This month</a>`);
  });

  it("draws every property on one calendar, one row each, each in its own zone", async () => {
    const { deps, world, owner, client, beach, month } = await setup();
    const tokyo = world.property(owner.accountId, { name: "Tokyo loft", timezone: "Asia/Tokyo" });
    // The same instants are a different local day in Lisbon and in Tokyo.
    const checkIn = localToInstant(`${month}-14`, "23:00", "Europe/Lisbon");
    const checkOut = new Date(checkIn.getTime() + 36 * 3_600_000);
    world.stay(beach.id, { checkInAt: checkIn.toISOString(), checkOutAt: checkOut.toISOString(), guestName: "Lisbon Guest" });
    world.stay(tokyo.id, { checkInAt: checkIn.toISOString(), checkOutAt: checkOut.toISOString(), guestName: "Tokyo Guest" });
    const other = await world.account({ email: "elsewhere@example.com", password: "elsewhere-password-1" });
    const theirs = world.property(other.accountId, { name: "Their villa", timezone: "UTC" });
    world.stay(theirs.id, { checkInAt: checkIn.toISOString(), checkOutAt: checkOut.toISOString(), guestName: "Their Guest" });

    const months = monthCalendar(deps, owner.accountId, month);
    expect(months.map((m) => m.property.name)).toEqual(["Beach flat", "Tokyo loft"]);
    const firstDay = (name: string) => months.flatMap((m) => m.tracks.flatMap((t) => t.lanes.flat())).find((e) => e.title === name)!.placement.firstDay;
    expect(firstDay("Lisbon Guest")).toBe(13);
    expect(firstDay("Tokyo Guest")).toBe(14);

    const page = await client.get(`/dashboard/calendar?month=${month}`);
    expect(page.status).toBe(200);
    expect(page.html).toMatch(/<a href="\/dashboard\/calendar" aria-current="page">Calendar<\/a>/);
    expect(page.html).toContain(`href="/dashboard/properties/${tokyo.id}/calendar?month=${month}"`);
    expect(page.html.indexOf("Beach flat")).toBeLessThan(page.html.indexOf("Tokyo loft"));
    const drawn = bars(page.html);
    expect(drawn.map((b) => b.text).sort()).toEqual(["Lisbon Guest", "Tokyo Guest"]);
    expect(drawn.find((b) => b.text === "Tokyo Guest")!.hidden).toMatch(/JST|Tokyo time/);
    // Every bar says its times exactly as every other page does (domain/time), the zone named.
    for (const m of months) {
      for (const e of m.tracks.flatMap((t) => t.lanes.flat())) {
        expect(page.html).toContain(`: ${showWindow(e.from, e.to, { zone: m.property.timezone, locale: m.property.locale, viewerZone: null })}</span>`);
      }
    }
    expect(page.html).not.toContain("Their villa");
  });

  it("shows a manager limited to some properties only their properties' bars on the all-properties calendar", async () => {
    const { deps, world, owner, app, beach, month, on } = await setup();
    const cabin = world.property(owner.accountId, { name: "Hill cabin", timezone: "Europe/Lisbon" });
    world.stay(beach.id, { checkInAt: on(10, "16:00"), checkOutAt: on(12, "11:00"), guestName: "Beach Guest" });
    world.stay(cabin.id, { checkInAt: on(10, "16:00"), checkOutAt: on(12, "11:00"), guestName: "Cabin Guest" });
    const other = await world.account({ email: "elsewhere-cal@example.com", password: "elsewhere-password-1" });
    const theirs = world.property(other.accountId, { name: "Their villa", timezone: "Europe/Lisbon" });
    world.stay(theirs.id, { checkInAt: on(10, "16:00"), checkOutAt: on(12, "11:00"), guestName: "Their Guest" });
    const mia = await world.user(owner.accountId, { email: "mia-cal@example.com", role: "manager", password: "mia-cal-password-1" });
    deps.db.insert(userProperties).values({ userId: mia.id, propertyId: cabin.id }).run();

    const client = webClient(app);
    expect((await client.signIn("mia-cal@example.com", "mia-cal-password-1")).status).toBe(303);
    const page = await client.get(`/dashboard/calendar?month=${month}`);
    expect(page.status).toBe(200);
    expect(bars(page.html).map((b) => b.text)).toEqual(["Cabin Guest"]);
    expect(page.html).toContain("Hill cabin");
    for (const hidden of ["Beach flat", "Beach Guest", "Their villa", "Their Guest"]) expect(page.html).not.toContain(hidden);
  });

  it("pages the all-properties calendar 50 properties at a time", async () => {
    const { world, owner, client, month } = await setup(); // "Beach flat" is the first
    for (let i = 1; i <= 50; i++) world.property(owner.accountId, { name: `Unit ${String(i).padStart(2, "0")}`, timezone: "UTC" });
    const first = await client.get(`/dashboard/calendar?month=${month}`);
    expect(first.html.match(/<li class="cal-property">/g)).toHaveLength(50);
    expect(first.html).toContain("Properties 1–50 of 51");
    expect(first.html).toContain(`href="/dashboard/calendar?month=${month}&amp;from=50" rel="next"`);
    expect(first.html).not.toContain("Unit 50");
    const second = await client.get(`/dashboard/calendar?month=${month}&from=50`);
    expect(second.html.match(/<li class="cal-property">/g)).toHaveLength(1);
    expect(second.html).toContain("Unit 50");
    expect(second.html).toContain(`href="/dashboard/calendar?month=${month}&amp;from=0" rel="prev"`);
    for (const bad of ["7", "100", "-50", "x"]) expect((await client.get(`/dashboard/calendar?month=${month}&from=${bad}`)).status).toBe(400);
  });

  it("refuses a malformed month in words and another account's property as missing", async () => {
    const { world, client, beach } = await setup();
    const bad = await client.get(`/dashboard/properties/${beach.id}/calendar?month=2026-13`);
    expect(bad.status).toBe(400);
    expect(bad.html).toContain("is not a month: use the form 2026-12");
    expect((await client.get("/dashboard/calendar?month=december")).status).toBe(400);
    const other = await world.account({ email: "nosy@example.com", password: "nosy-password-1" });
    const theirs = world.property(other.accountId, { name: "Not yours", timezone: "UTC" });
    const res = await client.get(`/dashboard/properties/${theirs.id}/calendar`);
    expect(res.status).toBe(404);
    expect(res.html).not.toContain("Not yours");
  });

  it("tells a host without properties to add one", async () => {
    const host = await signedInHost({ email: "empty-cal@example.com", password: "empty-cal-password-1" });
    const page = await host.client.get("/dashboard/calendar");
    expect(page.status).toBe(200);
    expect(page.html).toContain('<a href="/dashboard/properties">Add your first property</a>');
  });
});
