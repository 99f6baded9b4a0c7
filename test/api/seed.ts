import { sql } from "drizzle-orm";
import type { CoreDeps } from "../../src/deps";
import { newId } from "../../src/lib/ids";
import { expect } from "vitest";
import type { SimulatedLockProvider } from "../../src/providers/locks/simulated";
import type { ServiceDeps } from "../../src/services/deps";
import type { Caller } from "../support/api-client";
import { testWorld } from "../support/world";

export const FEED_TOKEN = "s3cr3tT0kenNeverShown9f2c";
export const feedUrlFor = (n = 1) => `https://www.airbnb.com/calendar/ical/4821${n}.ics?s=${FEED_TOKEN}${n}`;
export const GUEST_PHONE = "+14155550123";
export const PIN = "482913";
export const MESSAGE_BODY = `Your door code is ${PIN}`;

async function created(caller: Caller, path: string, body: unknown) {
  const res = await caller.request("POST", path, body);
  if (res.status !== 201) throw new Error(`seeding ${path} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string } & Record<string, any>;
}

/**
 * One of everything in `caller`'s account: API-made objects through the API, and the rows only workers
 * write (a feed stay, a code, a message, an alert, an audit event) straight into the database.
 */
export async function seedAccount(deps: CoreDeps, caller: Caller) {
  const property = await created(caller, "/api/v1/properties", { name: "Beach House", timezone: "America/New_York" });
  const lock = await created(caller, "/api/v1/locks", { propertyId: property.id, name: "Front door", provider: "simulated", providerDeviceId: `dev-${caller.accountId}` });
  const feed = await created(caller, "/api/v1/feeds", { propertyId: property.id, url: feedUrlFor(caller.accountId.length) });
  const contact = await created(caller, "/api/v1/contacts", { role: "cleaner", name: "Cleo", phone: "+14155550999" });
  const stay = await created(caller, "/api/v1/stays", { propertyId: property.id, checkInDate: "2026-12-20", checkOutDate: "2026-12-24", guestName: "Ann", guestPhone: GUEST_PHONE });

  const world = testWorld(deps);
  const accountId = caller.accountId;
  const feedStayId = world.stay(property.id, {
    feedId: feed.id, externalUid: `uid-${newId("stay")}@airbnb.com`, checkInAt: "2027-01-05T21:00:00Z", checkOutAt: "2027-01-08T16:00:00Z", guestPhoneLast4: "4321",
  }).id;
  const codeId = world.code(lock.id, { stayId: stay.id, pin: PIN, state: "active" }).id;
  const messageId = world.message(accountId, { propertyId: property.id, stayId: stay.id, recipient: GUEST_PHONE, body: MESSAGE_BODY, status: "sent" }).id;
  const alertId = world.alert(accountId, { subjectId: lock.id, title: "Front door battery is low" }).id;
  const eventId = world.audit(accountId, { actor: "worker", action: "access_code.programmed", subjectType: "access_code", subjectId: codeId });

  return { property, lock, feed, contact, stay, feedStayId, codeId, messageId, alertId, eventId };
}

export type Seeded = Awaited<ReturnType<typeof seedAccount>>;

const TABLES = [
  "properties", "locks", "feeds", "contacts", "property_cleaners", "stays", "access_codes", "messages", "alerts", "audit_events", "api_keys", "provider_connections",
];

/** Row counts of every table the API writes, to prove a refused request wrote nothing. */
export function rowCounts(deps: CoreDeps): Record<string, number> {
  return Object.fromEntries(TABLES.map((t) => [t, (deps.db.get<{ n: number }>(sql.raw(`select count(*) as n from ${t}`))).n]));
}

/** Every row of every table the API writes, to prove another account's attempts changed nothing. */
export function snapshot(deps: CoreDeps): string {
  return JSON.stringify(TABLES.map((t) => deps.db.all(sql.raw(`select * from ${t} order by rowid`))));
}

/** One of each kind the seed does not make: an access grant, a door event, an invite, a connection, a webhook endpoint. */
export async function seedEveryKind(deps: ServiceDeps, a: Caller, seeded: Seeded) {
  // A keypad press on a simulated lock the simulator does not hold is the caller's conflict, not a server error.
  const noDevice = await a.request("POST", `/api/v1/locks/${seeded.lock.id}/keypad`, { pin: "482913" });
  expect([noDevice.status, noDevice.body.code]).toEqual([409, "conflict"]);
  (deps.lockProvider(seeded.lock as never) as SimulatedLockProvider).addDevice({ deviceId: seeded.lock.providerDeviceId });
  const made = [
    await a.request("POST", "/api/v1/access-grants", { propertyId: seeded.property.id, name: "Piotr (plumber)", phone: "+14155550177", schedule: { kind: "window", from: "2027-06-20T08:00", to: "2027-06-20T12:00" } }),
    await a.request("POST", `/api/v1/locks/${seeded.lock.id}/keypad`, { pin: "482913" }),
    await a.request("POST", "/api/v1/invites", { role: "cleaner", name: "Robin Alvarez", phone: "+14155550142", propertyIds: [seeded.property.id] }),
    await a.request("POST", "/api/v1/connections", { provider: "seam", name: "Seam workspace", config: { apiKey: "seam_live_supersecret_key_123" } }),
    await a.request("POST", "/api/v1/webhook-endpoints", { url: "https://93.184.215.14/hooks/staykey", eventTypes: ["stay.created"] }),
  ];
  for (const [i, res] of made.entries()) expect(res.status, `seed ${i}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
}
