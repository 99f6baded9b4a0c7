import { describe, expect, it } from "vitest";
import { todayBoard } from "../../src/services/stays/today";
import { createApp } from "../../src/app";
import { DAY_PAGE } from "../../src/web/pages/today";
import { signedInHost } from "./signed-in-host";
import { webClient } from "./web-client";

const HOUR = 3600_000;

/** The landing page: the host's week across properties, each day read in its property's zone, problems first. */
describe("Today", () => {
  async function setup() {
    const { deps, world, owner, client } = await signedInHost({ email: "today@example.com", password: "today-password-1" });
    const now = deps.clock.now().getTime();
    const at = (h: number) => new Date(now + h * HOUR).toISOString();
    return { deps, world, owner, client, now, at };
  }

  it("lists arrivals, departures, turnovers and owner blocks by day, each with the state of its code, guest, cleaner and locks, problems first", async () => {
    const { deps, world, owner, client, at } = await setup();
    const beach = world.property(owner.accountId, { name: "Beach flat", timezone: "UTC" });
    const door = world.lock(beach.id, { name: "Beach door", health: { online: true, batteryLevel: 90 } });
    const ana = world.cleaner(beach.id, { name: "Ana", phone: "+351910000001" });
    // Tomorrow, in the property's zone: a guest whose code is confirmed and message delivered.
    const tomorrow = new Date(new Date(at(0)).setUTCHours(0, 0, 0, 0) + 24 * HOUR + 16 * HOUR).toISOString();
    const fine = world.stay(beach.id, { checkInAt: tomorrow, checkOutAt: at(24 * 4), guestName: "Fine Guest", guestPhone: "+351912345678" });
    world.code(door.id, { stayId: fine.id, state: "active" });
    world.message(owner.accountId, { stayId: fine.id, status: "delivered", recipient: "+351912345678" });
    // Also tomorrow, later: a guest with no contact whose code the lock refused.
    const badIn = new Date(new Date(tomorrow).getTime() + 2 * HOUR).toISOString();
    const bad = world.stay(beach.id, { checkInAt: badIn, checkOutAt: at(24 * 5), guestName: "Stuck Guest" });
    world.code(door.id, { stayId: bad.id, state: "failed" });
    // The owner's own block in the coming week: drawn as a block, with no code or message state.
    world.stay(beach.id, { checkInAt: at(24 * 4 + 2), checkOutAt: at(24 * 6), kind: "block", summary: "Not available" });
    // A turnover after the fine guest, with Ana told.
    const turn = world.turnover(fine.id, { startsAt: at(24 * 4), endsAt: at(24 * 4 + 4) });
    world.code(door.id, { turnoverId: turn.id, contactId: ana.id, state: "programming" });
    world.message(owner.accountId, { turnoverId: turn.id, contactId: ana.id, purpose: "cleaner_notice", status: "sent", stayId: null });

    const groups = todayBoard(deps, owner.accountId);
    const tomorrowItems = groups.find((g) => g.key === "tomorrow")!.items;
    expect(tomorrowItems.map((i) => [i.kind, i.title])).toEqual([["arrival", "Stuck Guest"], ["arrival", "Fine Guest"]]);
    expect(tomorrowItems[0]).toMatchObject({ code: "failed", guest: "no_contact", problems: ["the lock refused the code", "no guest phone or email"] });
    expect(tomorrowItems[1]).toMatchObject({ code: "confirmed", guest: "delivered", problems: [] });
    const week = groups.find((g) => g.key === "week")!.items;
    expect(week.find((i) => i.kind === "turnover")).toMatchObject({ cleaners: [{ name: "Ana", code: "programming", told: true }], problems: [] });
    expect(week.find((i) => i.kind === "block")).toMatchObject({ title: "Owner block", code: null, guest: null });

    const page = (await client.get("/dashboard")).html;
    expect(page).toContain("1 thing needs you this week");
    expect(page).toContain("Needs you: the lock refused the code; no guest phone or email.");
    expect(page.indexOf("Stuck Guest")).toBeLessThan(page.indexOf("Fine Guest"));
    expect(page).toContain("guest has the code");
    expect(page).toContain("Ana: <span class=\"badge s-warn\">code programming</span>");
    expect(page).toContain(`href="/dashboard/stays/${bad.id}"`);
    expect(page).toContain(`href="/dashboard/properties/${beach.id}"`);
    expect(page).not.toContain("+351912345678");
    // On the property's page too, the owner's block is a block, not a stay waiting for a code and a message.
    const property = (await client.get(`/dashboard/properties/${beach.id}`)).html;
    const block = /<li class="block-item">.*?<\/li>/s.exec(property)?.[0] ?? "";
    expect(block).toContain("owner block");
    expect(block).toContain("Blocked by the owner");
    expect(block).not.toContain("no code yet");
    expect(block).not.toContain("no message yet");
  });

  it("shows a guest unreachable when every message failed, or when the code is on the lock and nobody can hand it over", async () => {
    const { deps, world, owner, client, at } = await setup();
    const flat = world.property(owner.accountId, { name: "Flat", timezone: "UTC" });
    const door = world.lock(flat.id, { name: "Flat door", health: { online: true, batteryLevel: 90 } });
    const bounced = world.stay(flat.id, { checkInAt: at(30), checkOutAt: at(90), guestName: "Bounced Guest", guestEmail: "bounce@example.com" });
    world.code(door.id, { stayId: bounced.id, state: "active" });
    world.message(owner.accountId, { stayId: bounced.id, channel: "email", status: "failed", recipient: "bounce@example.com" });
    const silent = world.stay(flat.id, { checkInAt: at(32), checkOutAt: at(92), guestName: "Silent Guest" });
    world.code(door.id, { stayId: silent.id, state: "active" });
    const browsing = world.stay(flat.id, { checkInAt: at(34), checkOutAt: at(94), guestName: "Page Guest", guestPageOpenedAt: new Date(at(-1)) });
    world.code(door.id, { stayId: browsing.id, state: "active" });

    const items = todayBoard(deps, owner.accountId).flatMap((g) => g.items).filter((i) => i.kind === "arrival");
    const of = (title: string) => items.find((i) => i.title === title)!;
    expect(of("Bounced Guest")).toMatchObject({ guest: "unreachable", problems: ["the guest could not be reached"] });
    expect(of("Silent Guest")).toMatchObject({ guest: "unreachable", problems: ["nobody can give the guest the code: no phone, no email, guest page never opened"] });
    expect(of("Page Guest")).toMatchObject({ guest: "not_yet", problems: [] });
    const page = (await client.get("/dashboard")).html;
    expect(page.match(/guest unreachable/g)).toHaveLength(2);
  });

  it("reads each property's today in its own zone and names the zone when properties differ", async () => {
    const { deps, world, owner, at } = await setup();
    // The same instant is 'today' in one zone and 'tomorrow' in another: Kiritimati is UTC+14, Pago Pago UTC-11.
    const east = world.property(owner.accountId, { name: "East", timezone: "Pacific/Kiritimati" });
    const west = world.property(owner.accountId, { name: "West", timezone: "Pacific/Pago_Pago" });
    const instant = at(6);
    world.stay(east.id, { checkInAt: instant, checkOutAt: at(48), guestName: "Eastern" });
    world.stay(west.id, { checkInAt: instant, checkOutAt: at(48), guestName: "Western" });
    const groups = todayBoard(deps, owner.accountId);
    const dayOf = (name: string) => groups.find((g) => g.items.some((i) => i.kind === "arrival" && i.title === name))?.key;
    const { DateTime } = await import("luxon");
    const expected = (zone: string) => {
      const d = DateTime.fromISO(instant, { zone }).startOf("day").diff(DateTime.fromJSDate(deps.clock.now(), { zone }).startOf("day"), "days").days;
      return d === 0 ? "today" : d === 1 ? "tomorrow" : "week";
    };
    expect(dayOf("Eastern")).toBe(expected("Pacific/Kiritimati"));
    expect(dayOf("Western")).toBe(expected("Pacific/Pago_Pago"));
    const client = webClient(createApp(deps));
    await client.signIn("today@example.com", "today-password-1");
    const page = (await client.get("/dashboard")).html;
    expect(page).toContain("Kiritimati time");
    expect(page).toContain("Pago Pago time");
  });

  it("leaves out cancelled stays, other platforms' echoes, past and far days, and other accounts' stays", async () => {
    const { deps, world, owner, client, at } = await setup();
    const home = world.property(owner.accountId, { name: "Home", timezone: "UTC" });
    const kept = world.stay(home.id, { checkInAt: at(30), checkOutAt: at(80), guestName: "Kept" });
    world.stay(home.id, { checkInAt: at(30), checkOutAt: at(80), guestName: "Cancelled one", status: "cancelled" });
    world.stay(home.id, { checkInAt: at(30), checkOutAt: at(80), guestName: "Echo one", echoOfStayId: kept.id });
    world.stay(home.id, { checkInAt: at(24 * 12), checkOutAt: at(24 * 14), guestName: "Far away" });
    world.stay(home.id, { checkInAt: at(-24 * 9), checkOutAt: at(-24 * 6), guestName: "Long gone" });
    const other = await world.account({ email: "other@example.com", password: "other-password-1" });
    const theirs = world.property(other.accountId, { name: "Theirs", timezone: "UTC" });
    world.stay(theirs.id, { checkInAt: at(30), checkOutAt: at(80), guestName: "Their guest" });
    const titles = todayBoard(deps, owner.accountId).flatMap((g) => g.items.map((i) => i.title));
    expect(new Set(titles)).toEqual(new Set(["Kept"]));
    const page = (await client.get("/dashboard")).html;
    for (const hidden of ["Cancelled one", "Echo one", "Far away", "Long gone", "Their guest", "Theirs"]) expect(page).not.toContain(hidden);
  });

  it("shows a day's problems first and pages through the rest of a long day", async () => {
    const { world, owner, client, at } = await setup();
    const home = world.property(owner.accountId, { name: "Home", timezone: "UTC" });
    const door = world.lock(home.id, { name: "Door", health: { online: true, batteryLevel: 90 } });
    const tomorrow = new Date(at(0)).setUTCHours(0, 0, 0, 0) + 24 * HOUR;
    const guests = DAY_PAGE + 5;
    for (let g = 0; g < guests; g++) {
      // Arrivals tomorrow, a minute apart; the last one's code was refused, so it needs the host.
      const stay = world.stay(home.id, { checkInAt: new Date(tomorrow + 9 * HOUR + g * 60_000).toISOString(), checkOutAt: at(24 * 20), guestName: `Guest ${g + 1}`, guestPhone: "+351912345678" });
      world.code(door.id, { stayId: stay.id, state: g === guests - 1 ? "failed" : "active" });
    }
    const arrivalsIn = (html: string) => [...html.matchAll(/>(Guest \d+)<\/a>/g)].map((m) => m[1]);

    const first = (await client.get("/dashboard")).html;
    expect(arrivalsIn(first)).toHaveLength(DAY_PAGE);
    expect(arrivalsIn(first)[0]).toBe(`Guest ${guests}`);
    expect(first).toContain("1 thing needs you this week");
    const more = /<a href="([^"]+)">5 more items for tomorrow<\/a>/.exec(first)?.[1];
    expect(more).toBe(`/dashboard?day=tomorrow&amp;from=${DAY_PAGE}`);

    const rest = (await client.get(more!.replace("&amp;", "&"))).html;
    expect(arrivalsIn(rest)).toEqual(Array.from({ length: 5 }, (_, i) => `Guest ${DAY_PAGE + i}`));
    expect(rest).toContain(`Items ${DAY_PAGE + 1}–${DAY_PAGE + 5} of ${guests}.`);
    expect(rest).not.toContain("more items for");
    expect(rest).toContain('<a href="/dashboard">Back to the whole week</a>');
  });

  it("sends a host without properties to add one", async () => {
    const { client } = await setup();
    const page = (await client.get("/dashboard")).html;
    expect(page).toContain('<a href="/dashboard/properties">Add your first property</a>');
  });
});
