import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { startJobs } from "../../src/jobs/runtime";
import { buildRuntime, type Runtime } from "../../src/runtime/build-runtime";
import { createApiKey } from "../../src/services/accounts/api-keys";
import { createAccount } from "../../src/services/accounts/create-account";
import { plaintextFoundIn } from "./database-bytes";

/**
 * Guests' and cleaners' phone numbers and emails are sealed at rest like PINs: after a booking has gone through the
 * whole pipeline on the real runtime (API with an Idempotency-Key, planner, simulated lock, delivery to the outbox),
 * none of them is anywhere in the SQLite file or its WAL, while the API still answers with them.
 */
const GUEST_PHONE = "+14155550187";
const GUEST_EMAIL = "pat.guest@example.net";
const CLEANER_PHONE = "+14155550166";
const CLEANER_EMAIL = "robin.cleaner@example.org";
const OWNER_EMAIL = "owner.at.rest@example.com";
const PLAINTEXT = [GUEST_PHONE, GUEST_PHONE.slice(2), GUEST_EMAIL, CLEANER_PHONE, CLEANER_PHONE.slice(2), CLEANER_EMAIL, OWNER_EMAIL];

let runtime: Runtime;
let dataDir: string;
let app: ReturnType<typeof createApp>;
let key: string;

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await app.request(path, {
    method,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as any };
}

async function until<T>(what: string, fn: () => T | undefined, ms = 25_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "staykey-at-rest-"));
  runtime = buildRuntime({ STAYKEY_DATA_DIR: dataDir, STAYKEY_LOG_LEVEL: "silent" });
  await startJobs(runtime.deps.jobs, runtime.handlers);
  app = createApp(runtime.deps);
  const { accountId, userId } = await createAccount(runtime.deps, { name: "Host", ownerEmail: OWNER_EMAIL });
  key = createApiKey(runtime.deps.db, runtime.deps.clock, { accountId, userId, name: "t" }).key;
});

afterAll(async () => {
  await runtime.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("guest and cleaner contact details at rest", () => {
  it("are in neither the database file nor its WAL after a booking went through the whole pipeline", { timeout: 60_000 }, async () => {
    const zone = "America/Chicago";
    const tomorrow = DateTime.fromJSDate(runtime.deps.clock.now()).setZone(zone).plus({ days: 1 });
    const property = (await api("POST", "/api/v1/properties", { name: "Loft", timezone: zone, messageLeadMinutes: 2880, programLeadMinutes: 10080 })).json;
    expect((await api("POST", "/api/v1/locks", { propertyId: property.id, name: "Front", provider: "simulated", providerDeviceId: "sim-front" })).status).toBe(201);
    const cleaner = await api("POST", "/api/v1/contacts", { role: "cleaner", name: "Robin", phone: CLEANER_PHONE, email: CLEANER_EMAIL }, { "idempotency-key": "cleaner-1" });
    expect(cleaner.status).toBe(201);
    expect((await api("PUT", `/api/v1/properties/${property.id}/cleaners`, { contactIds: [cleaner.json.id] })).status).toBe(200);
    const stay = await api("POST", "/api/v1/stays", {
      propertyId: property.id, checkInDate: tomorrow.toISODate(), checkOutDate: tomorrow.plus({ days: 2 }).toISODate(), guestName: "Pat", guestPhone: GUEST_PHONE, guestEmail: GUEST_EMAIL,
    }, { "idempotency-key": "stay-1" });
    expect(stay.status).toBe(201);

    const { db } = runtime.deps;
    const sent = () => db.$client.prepare("select channel from messages where stay_id = ? and status = 'sent'").all(stay.json.id) as { channel: string }[];
    await until("the guest's text and email in the outbox", () => (sent().length === 2 ? true : undefined));
    await until("the cleaner's notice", () => db.$client.prepare("select id from messages where contact_id = ?").get(cleaner.json.id));

    // The values are stored and still served where they are needed: the scan below looks for real data.
    expect((await api("GET", `/api/v1/stays/${stay.json.id}`)).json).toMatchObject({ guestPhone: GUEST_PHONE, guestEmail: GUEST_EMAIL });
    expect((await api("GET", `/api/v1/contacts/${cleaner.json.id}`)).json).toMatchObject({ phone: CLEANER_PHONE, email: CLEANER_EMAIL });
    const file = join(dataDir, "staykey.db");
    expect(plaintextFoundIn(file, ["Pat", "Loft", "Robin"])).toEqual(["Pat", "Loft", "Robin"]);

    expect(plaintextFoundIn(file, PLAINTEXT)).toEqual([]);
  });
});
