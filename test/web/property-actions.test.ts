import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { feeds, locks } from "../../src/db/schema";
import { startFeedServer, type FeedServer } from "../peers/feed-server";
import { airbnbCalendar, airbnbUid } from "../sync/calendars";
import { signedInHost } from "./signed-in-host";

let calendars: FeedServer;
beforeAll(async () => {
  calendars = await startFeedServer();
  calendars.set("/calendar/ical/42.ics", { body: airbnbCalendar([{ uid: airbnbUid(1), start: "2026-12-08", end: "2026-12-10", code: "HMACTION01" }]) });
});
afterAll(() => calendars.close());

async function setup() {
  const { deps, world, owner, client } = await signedInHost({ email: "act@example.com", password: "act-password-123" });
  const prop = world.property(owner.accountId, { name: "Cabin", timezone: "Europe/Lisbon" });
  const csrf = await client.csrfFrom(`/dashboard/properties/${prop.id}`);
  return { deps, world, owner, client, prop, csrf };
}

describe("a property's calendars without the API", () => {
  it("names a calendar by its platform, says its last error in words, and pauses, resumes, renames, syncs and removes it", async () => {
    const { deps, world, client, prop, csrf } = await setup();
    const url = calendars.url("/calendar/ical/42.ics?s=token42");
    const feed = world.feed(prop.id, { url, state: { source: "airbnb", status: "failing", consecutiveFailures: 3, lastError: "answered 503", lastSyncAt: deps.clock.now() } });
    const page = (await client.get(`/dashboard/properties/${prop.id}`)).html;
    expect(page).toContain("<strong>Airbnb calendar</strong>");
    expect(page).toContain("Airbnb failed 3 times in a row");
    expect(page).toContain("answered 503");
    expect(page).not.toContain("token42");
    const base = `/dashboard/properties/${prop.id}/feeds/${feed.id}`;
    const row = () => deps.db.select().from(feeds).where(eq(feeds.id, feed.id)).get()!;

    expect((await client.post(`${base}/rename`, { _csrf: csrf, name: "Airbnb – loft" })).status).toBe(303);
    expect(row().name).toBe("Airbnb – loft");
    expect((await client.post(`${base}/pause`, { _csrf: csrf })).status).toBe(303);
    expect(row().status).toBe("paused");
    const paused = await client.post(`${base}/sync`, { _csrf: csrf });
    expect((await client.get(paused.location!)).html).toContain("Airbnb – loft is paused: resume it first, then sync.");
    expect(calendars.requests("/calendar/ical/42.ics?s=token42")).toHaveLength(0);
    expect((await client.post(`${base}/resume`, { _csrf: csrf })).status).toBe(303);
    expect(row().status).toBe("pending");
    const synced = await client.post(`${base}/sync`, { _csrf: csrf });
    expect(synced.location).toBe(`/dashboard/properties/${prop.id}#feed-${feed.id}`);
    expect((await client.get(synced.location!)).html).toContain("Airbnb – loft: read 1 event, 1 new");
    expect(row().status).toBe("ok");
    expect((await client.post(`${base}/delete`, { _csrf: csrf })).status).toBe(303);
    expect(deps.db.select().from(feeds).where(eq(feeds.id, feed.id)).get()).toBeUndefined();
  });

  it("answers another account's calendar, or one of another property, with 404 and changes nothing", async () => {
    const { world, client, prop, csrf, deps } = await setup();
    const other = await world.account({ email: "o@example.com", password: "o-password-1234" });
    const theirs = world.feed(world.property(other.accountId, { name: "Theirs" }).id);
    const mineElsewhere = world.feed(world.property(prop.accountId, { name: "Elsewhere" }).id);
    for (const id of [theirs.id, mineElsewhere.id]) {
      expect((await client.post(`/dashboard/properties/${prop.id}/feeds/${id}/pause`, { _csrf: csrf })).status).toBe(404);
      expect((await client.post(`/dashboard/properties/${prop.id}/feeds/${id}/delete`, { _csrf: csrf })).status).toBe(404);
    }
    expect(deps.db.select().from(feeds).all().every((f) => f.status !== "paused")).toBe(true);
    expect((await client.post(`/dashboard/properties/${prop.id}/feeds/${mineElsewhere.id}/pause`, { _csrf: "forged" })).status).toBe(403);
  });
});

describe("a property's locks without the API", () => {
  it("renames a lock, checks it now, and removes it only once no code on it opens the door, saying why", async () => {
    const { deps, world, client, prop, csrf } = await setup();
    const lock = world.lock(prop.id, { name: "Front door", provider: "simulated" });
    const stay = world.stay(prop.id, { guestName: "Sam" });
    const code = world.code(lock.id, { stayId: stay.id, state: "active" });
    const base = `/dashboard/properties/${prop.id}/locks/${lock.id}`;
    expect((await client.get(`/dashboard/properties/${prop.id}`)).html).toContain("Front door holds 1 code that still open");
    const blank = await client.post(`${base}/rename`, { _csrf: csrf, name: "  " });
    expect((await client.get(blank.location!)).html).toContain("Not renamed");
    expect((await client.post(`${base}/rename`, { _csrf: csrf, name: "Main door" })).status).toBe(303);
    const checked = await client.post(`${base}/check`, { _csrf: csrf });
    expect((await client.get(checked.location!)).html).toMatch(/Checked Main door: (online|offline), battery /);
    // The check is the health job's own poll: it is recorded, so the next one is spaced out.
    expect(deps.db.select().from(locks).where(eq(locks.id, lock.id)).get()!.lastHealthAt).not.toBeNull();
    const kept = await client.post(`${base}/delete`, { _csrf: csrf });
    expect((await client.get(kept.location!)).html).toContain("This lock still holds codes");
    expect(deps.db.select().from(locks).where(eq(locks.id, lock.id)).get()?.name).toBe("Main door");
    deps.db.$client.prepare("update access_codes set state = 'revoked' where id = ?").run(code.id);
    const gone = await client.post(`${base}/delete`, { _csrf: csrf });
    expect((await client.get(gone.location!)).html).toContain("Removed Main door.");
    expect(deps.db.select().from(locks).where(eq(locks.id, lock.id)).get()).toBeUndefined();
  });
});
