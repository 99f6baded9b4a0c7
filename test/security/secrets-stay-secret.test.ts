import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { DateTime } from "luxon";
import { createApp } from "../../src/app";
import { accessCodes, auditEvents, jobs, messages } from "../../src/db/schema";
import { startJobs } from "../../src/jobs/runtime";
import { buildRuntime, type Runtime } from "../../src/runtime/build-runtime";
import { createApiKey } from "../../src/services/accounts/api-keys";
import { createAccount } from "../../src/services/accounts/create-account";
import { startFeedServer, type FeedServer } from "../peers/feed-server";
import { airbnbCalendar, airbnbUid } from "../sync/calendars";

/**
 * Invariant 7, end to end on the real runtime (embedded jobs, simulated lock, outbox): after a booking flows from a
 * feed to a confirmed PIN and a sent guest message, no PIN, phone number or feed URL token is in a job payload, a
 * log line, an audit row or an API response that does not need it.
 */
const TOKEN = "s3cretFeedToken9931";
const PHONE = "+14155550187";

let runtime: Runtime;
let feedServer: FeedServer;
let dataDir: string;
const logLines: string[] = [];
let app: ReturnType<typeof createApp>;
let key: string;

async function api(method: string, path: string, body?: unknown) {
  const res = await app.request(path, {
    method,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

function stateOfPipeline(): string {
  const q = (sql: string) => JSON.stringify(runtime.deps.db.$client.prepare(sql).all());
  return [
    q("select status, last_error from feeds"),
    q("select kind, status, check_in_at from stays"),
    q("select purpose, state, last_error, program_at from access_codes"),
    q("select purpose, status, error from messages"),
    q("select name, state, last_error, run_at from jobs"),
  ].join("\n");
}

async function until<T>(what: string, fn: () => T | undefined, ms = 25_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${stateOfPipeline()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "staykey-secrets-"));
  const sink = new Writable({ write(chunk, _enc, done) { logLines.push(...chunk.toString().split("\n").filter(Boolean)); done(); } });
  runtime = buildRuntime({ STAYKEY_DATA_DIR: dataDir, STAYKEY_FEED_ALLOW_HOSTS: "127.0.0.1", STAYKEY_LOG_LEVEL: "debug" }, { logDestination: sink });
  await startJobs(runtime.deps.jobs, runtime.handlers);
  app = createApp(runtime.deps);
  const { accountId, userId } = await createAccount(runtime.deps, { name: "Host", ownerEmail: "host@example.com" });
  key = createApiKey(runtime.deps.db, runtime.deps.clock, { accountId, userId, name: "t" }).key;
  feedServer = await startFeedServer();
});

afterAll(async () => {
  await runtime.close();
  await feedServer.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("secrets stay secret through the whole pipeline", () => {
  it("keeps PINs, phone numbers and feed URLs out of job payloads, logs, audit rows and list responses", { timeout: 60_000 }, async () => {
    const zone = "America/Chicago";
    const tomorrow = DateTime.now().setZone(zone).plus({ days: 1 });
    feedServer.set(`/calendar/ical/4410.ics?s=${TOKEN}`, {
      body: airbnbCalendar([{ uid: airbnbUid(7), start: tomorrow.toISODate()!, end: tomorrow.plus({ days: 3 }).toISODate()!, code: "HMSECRET77", phoneLast4: "0187" }]),
    });
    const property = JSON.parse((await api("POST", "/api/v1/properties", { name: "Loft", timezone: zone, messageLeadMinutes: 2880, programLeadMinutes: 2880 })).text);
    expect((await api("POST", "/api/v1/locks", { propertyId: property.id, name: "Front", provider: "simulated", providerDeviceId: "sim-front" })).status).toBe(201);
    const feedUrl = feedServer.url(`/calendar/ical/4410.ics?s=${TOKEN}`);
    const feed = await api("POST", "/api/v1/feeds", { propertyId: property.id, url: feedUrl });
    expect(feed.status).toBe(201);
    await api("POST", `/api/v1/feeds/${JSON.parse(feed.text).id}/sync`);

    const { db, box } = runtime.deps;
    const stay = await until("the synced stay", () => db.$client.prepare("select id from stays").get() as { id: string } | undefined);
    expect((await api("PATCH", `/api/v1/stays/${stay.id}`, { guestPhone: PHONE })).status).toBe(200);

    const code = await until("an active guest code", () => db.select().from(accessCodes).all().find((c) => c.purpose === "guest" && c.state === "active"));
    const message = await until("the guest message in the outbox", () => db.select().from(messages).all().find((m) => m.stayId === stay.id && m.status === "sent"));
    const pin = box.decrypt(code.pinEnc, `code:${code.id}`);
    const secrets = [pin, PHONE, PHONE.slice(2), TOKEN];

    // The one endpoint that needs the PIN has it: proof the scans below look at real values.
    expect((await api("GET", `/api/v1/access-codes/${code.id}`)).text).toContain(pin);
    // The single-message read shows the full recipient, but the body's PIN only when asked for (and audited).
    expect((await api("GET", `/api/v1/messages/${message.id}`)).text).not.toContain(pin);
    expect((await api("GET", `/api/v1/messages/${message.id}?reveal=pin`)).text).toContain(pin);

    const payloads = db.select({ payload: jobs.payload }).from(jobs).all().map((j) => JSON.stringify(j.payload));
    expect(payloads.length).toBeGreaterThan(3);
    const audits = db.select().from(auditEvents).all().map((a) => JSON.stringify(a));
    expect(audits.length).toBeGreaterThan(0);
    const lists = await Promise.all(["/api/v1/stays", "/api/v1/access-codes", "/api/v1/messages", "/api/v1/feeds", `/api/v1/feeds/${JSON.parse(feed.text).id}`, "/api/v1/audit-events"].map(async (p) => (await api("GET", p)).text));
    expect(logLines.length).toBeGreaterThan(5);

    for (const secret of secrets) {
      for (const [where, texts] of [["job payloads", payloads], ["log lines", logLines], ["audit rows", audits], ["list responses", lists]] as const) {
        const leaks = texts.filter((t) => t.includes(secret));
        expect(leaks, `${where} must not contain a secret`).toEqual([]);
      }
    }
  });
});
