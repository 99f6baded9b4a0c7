import { describe, expect, it } from "vitest";
import { everyTable } from "../support/database-snapshot";
import { signedInHost } from "./signed-in-host";

// The dashboard's forms are tested one by one with what a host types; this sends every POST route the app registers
// for the signed-in host (read from the app itself, so a form added later is covered) what a broken browser, a
// fuzzer or a hostile page sends: a form with only the CSRF token, and one with every field name any dashboard page
// uses set to junk (a huge string, markup, numbers out of range, impossible dates). Each answer must be a page or a
// redirect, never a server error, and no page may echo the markup back unescaped.

const MARKUP = `<script>alert("staykey")</script><img src=x onerror=alert(1)>`;
const JUNK = ["", MARKUP, "x".repeat(20_000), "-1", "99999999999999999999", "NaN", "2026-02-30", "9999-99-99T99:99", "../../etc/passwd", "\u0000\u202e"];
// Routes outside the signed-in host's forms: sign-in and its second factors, sign-out, public guest and invite
// links, vendor webhooks (each has its own tests for bad input).
const NOT_HOST_FORMS = /^\/(login|logout|checkin|g|invite|reset|webhooks|cleaner)(\/|$)/;

type World = Awaited<ReturnType<typeof signedInHost>>["world"];

/** One of each thing a dashboard route names in `owner`'s account; `fill` puts their ids into a route's parameters. */
function oneOfEverything(world: World, owner: { accountId: string; userId: string }, name = "Maya Chen") {
  const property = world.property(owner.accountId, { name: `${name}'s cottage`, timezone: "Europe/Lisbon" });
  const lock = world.lock(property.id, { name: `${name}'s door`, provider: "simulated", health: { online: true, batteryLevel: 80 } });
  const feed = world.feed(property.id, { name: `${name}'s Airbnb` });
  const stay = world.stay(property.id, { guestName: name, checkInAt: "2030-06-01T15:00:00Z", checkOutAt: "2030-06-04T10:00:00Z" });
  const code = world.code(lock.id, { stayId: stay.id, pin: "482913", state: "active" });
  const contact = world.cleaner(property.id, { name: `${name}'s cleaner`, phone: "+14155550111" });
  const message = world.message(owner.accountId, { stayId: stay.id, body: "Your code is 482913", recipient: "+14155550123", status: "sent" });
  const alert = world.alert(owner.accountId, { subjectId: lock.id, title: `${name}'s battery is low` });
  const connection = world.connection(owner.accountId, { provider: "home_assistant", name: `${name}'s Home Assistant` });
  const ids: Record<string, string> = { properties: property.id, stays: stay.id, alerts: alert.id, contacts: contact.id, outbox: message.id, connections: connection.id, members: owner.userId };
  return (path: string) =>
    path
      .replace(/\/([a-z-]+)\/:id\b/, (_m, collection: string) => `/${collection}/${ids[collection] ?? "x_0doesnotexist0000"}`)
      .replace(":feedId", feed.id).replace(":lockId", lock.id).replace(":codeId", code.id)
      .replace(/:[a-zA-Z]+/g, "x_0doesnotexist0000");
}

describe("every dashboard form", () => {
  it("answers an empty form and a form of junk with a page or a redirect, never a 5xx, and never echoes markup", async () => {
    const { world, owner, app, client } = await signedInHost({ email: "fuzz@example.com", password: "correct horse battery 1" });
    const fill = oneOfEverything(world, owner);

    // Every field name the dashboard's pages use, read from the pages themselves.
    const fieldNames = new Set<string>();
    const pages = [...new Set(app.routes.filter((r) => r.method === "GET" && r.path.startsWith("/dashboard")).map((r) => fill(r.path)))];
    for (const page of pages) {
      const res = await client.get(page);
      for (const m of res.html.matchAll(/<(?:input|select|textarea)[^>]*\bname="([^"]+)"/g)) fieldNames.add(m[1]!);
    }
    fieldNames.delete("_csrf");
    expect(fieldNames.size).toBeGreaterThan(30);
    const csrf = await client.csrfFrom("/dashboard/properties");

    const forms = [...new Set(app.routes.filter((r) => r.method === "POST" && !r.path.startsWith("/api/") && !NOT_HOST_FORMS.test(r.path)).map((r) => r.path))];
    // What ends the session or the account goes last, so the rest still run signed in.
    const last = (p: string) => (/account\/delete/.test(p) ? 2 : /delete|remove|revoke/.test(p) ? 1 : 0);
    forms.sort((p, q) => last(p) - last(q));
    expect(forms.length).toBeGreaterThan(50);

    const wrong: string[] = [];
    const statuses: Record<string, number> = {};
    for (const form of forms) {
      const path = fill(form);
      const junk = (i: number) => Object.fromEntries([...fieldNames].map((name, j) => [name, JUNK[(i + j) % JUNK.length]!]));
      for (const [what, body] of [["only the CSRF token", {}], ["junk", junk(0)], ["other junk", junk(3)]] as const) {
        const res = await client.post(path, { ...body, _csrf: csrf });
        statuses[`${res.status}`] = (statuses[`${res.status}`] ?? 0) + 1;
        if (res.status >= 500) wrong.push(`${form} with ${what}: ${res.status}`);
        if (res.html.includes(MARKUP)) wrong.push(`${form} with ${what}: echoed markup unescaped`);
      }
    }
    expect(wrong).toEqual([]);
    // The forms were read, not turned away at the door: the owner may use every one and the CSRF token held throughout.
    expect(statuses["403"]).toBeUndefined();
    expect(statuses["303"]).toBeGreaterThan(20);
  }, 120_000);
});

describe("every dashboard route with an id, from another account", () => {
  it("shows nothing of the other account and changes nothing there", async () => {
    const { deps, world, app, client } = await signedInHost({ email: "a-host@example.com", password: "correct horse battery 1" });
    const other = await world.account({ email: "b-host@example.com", password: "correct horse battery 2" });
    const fill = oneOfEverything(world, other, "Zephyrine Okonkwo");
    // The signed-in host's own session bookkeeping is not the other account's data.
    const everything = () => everyTable(deps, ["sessions", "known_devices"]);
    const routes = (method: string) => [...new Set(app.routes.filter((r) => r.method === method && r.path.startsWith("/dashboard/") && r.path.includes("/:")).map((r) => r.path))];
    const csrf = await client.csrfFrom("/dashboard/properties");
    const wrong: string[] = [];
    const gets = routes("GET");
    const posts = routes("POST");
    expect(gets.length).toBeGreaterThan(8);
    expect(posts.length).toBeGreaterThan(40);
    const before = everything();
    for (const route of gets) {
      const res = await client.get(fill(route));
      if (res.status !== 404) wrong.push(`GET ${route}: ${res.status}`);
      if (res.html.includes("Zephyrine")) wrong.push(`GET ${route}: shows the other account's names`);
    }
    for (const route of posts) {
      const res = await client.post(fill(route), { _csrf: csrf, name: "Taken", pin: "123456", confirm: "delete" });
      if (res.status < 400) wrong.push(`POST ${route}: ${res.status}${res.location ? ` → ${res.location}` : ""}`);
      if (res.html.includes("Zephyrine")) wrong.push(`POST ${route}: shows the other account's names`);
    }
    expect(wrong).toEqual([]);
    expect(everything()).toBe(before);
  }, 120_000);
});
