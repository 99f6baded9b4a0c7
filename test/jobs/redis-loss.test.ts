import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq, inArray } from "drizzle-orm";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../../src/db/client";
import { accessCodes, messages } from "../../src/db/schema";
import { BullmqJobQueue } from "../../src/jobs/bullmq/bullmq-queue";
import { systemClock } from "../../src/lib/clock";
import { createSecretBox, loadOrCreateSecret } from "../../src/lib/crypto";
import { createApiKey } from "../../src/services/accounts/api-keys";
import { createAccount } from "../../src/services/accounts/create-account";
import { isOwnCodeName } from "../../src/domain/access/code-name";
import { eventually } from "../demo/eventually";
import { startRedisServer, type RedisPeer } from "../peers/redis-server";
import { startSeamFake, type SeamFake } from "../peers/seam-fake";
import { SmtpPeer } from "../peers/smtp-peer";
import { startStaykey, stopStaykeyProcesses, type StaykeyProcess } from "../support/staykey-processes";

/**
 * Issue 13: serve + 2 workers on a private Redis that loses its data mid-run. Nothing is restarted but Redis; the
 * processes must notice their schedule is gone (checked every second here) and the reconcile it fires must bring
 * back every job, so every code ends active and every guest gets one message, with nothing done twice.
 */
const ZONE = "Europe/Lisbon";
const STAYS = 10;
// Bounds for a loaded 2-core machine; the promise is "within 2 minutes" after the loss.
const HALF_DONE_MS = 90_000;
const RECOVERY_MS = 120_000;

let redis: RedisPeer;
let seam: SeamFake;
let smtp: SmtpPeer;
let db: Db;
let jobs: BullmqJobQueue;
let processes: StaykeyProcess[] = [];
let apiBase = "";
let apiKey = "";
let connectionId = "";
const dataDir = mkdtempSync(join(tmpdir(), "staykey-redis-loss-"));

async function api<T = { id: string }>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${apiBase}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

beforeAll(async () => {
  [redis, seam, smtp] = await Promise.all([startRedisServer(), startSeamFake(), SmtpPeer.start()]);
  // The secret before any process starts: three processes creating it at once would race.
  const box = createSecretBox(loadOrCreateSecret(dataDir));
  db = openDatabase(join(dataDir, "staykey.db"));
  const { accountId, userId } = await createAccount({ db, box, clock: systemClock }, { name: "Host", ownerEmail: "host@example.com" });
  apiKey = createApiKey(db, systemClock, { accountId, userId, name: "redis loss" }).key;

  const env = {
    REDIS_URL: redis.url,
    STAYKEY_DATA_DIR: dataDir,
    STAYKEY_SCHEDULE_CHECK_SECONDS: "1",
    STAYKEY_PARSE_THREADS: "0",
    STAYKEY_LOG_LEVEL: "info",
    // Seam's URL is the operator's setting, never a tenant's: here, the fake on loopback.
    SEAM_API_URL: seam.baseUrl,
    SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
    SMTP_FROM: "Stays <stay@example.com>",
    PORT: "0",
    HOST: "127.0.0.1",
  };
  const [serve, ...workers] = await Promise.all([
    startStaykey(["serve", "--json"], env, /\{"port":(\d+)\}/),
    startStaykey(["worker"], env, /worker started/),
    startStaykey(["worker"], env, /worker started/),
  ]);
  processes = [serve, ...workers];
  apiBase = `http://127.0.0.1:${serve.ready[1]}`;
  jobs = new BullmqJobQueue({ url: redis.url });
  connectionId = (await api("POST", "/connections", { provider: "seam", name: "Seam", config: { apiKey: seam.apiKey } })).id;
}, 120_000);

afterAll(async () => {
  await stopStaykeyProcesses(5_000);
  await jobs?.stop();
  await Promise.allSettled([redis?.stop(), seam?.stop(), smtp?.close()]);
  db?.$client.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A property with a Seam lock and ten one-night stays, booked through serve's API; codes and messages are due at once. */
async function bookStays(tag: string, device: string): Promise<{ stayIds: string[]; guests: string[] }> {
  // A 14-day lead puts every stay's code and message due now, while the stays themselves are days away.
  const property = await api("POST", "/properties", { name: `Loft ${tag}`, timezone: ZONE, programLeadMinutes: 20_160, messageLeadMinutes: 20_160 });
  await api("POST", "/locks", { propertyId: property.id, name: "Front door", provider: "seam", providerDeviceId: device, connectionId });
  const today = DateTime.now().setZone(ZONE).startOf("day");
  const guests = Array.from({ length: STAYS }, (_, i) => `guest-${tag}-${i}@example.com`);
  const stayIds: string[] = [];
  for (const [i, guestEmail] of guests.entries()) {
    const stay = await api("POST", "/stays", {
      propertyId: property.id, checkInDate: today.plus({ days: 2 + i }).toISODate(), checkOutDate: today.plus({ days: 3 + i }).toISODate(), guestName: `Guest ${i}`, guestEmail,
    });
    stayIds.push(stay.id);
  }
  return { stayIds, guests };
}

/** Plays the lock: confirms every code it holds except the guest codes of the stays in `held`. */
function confirmCodes(device: string, held: ReadonlySet<string>): void {
  const rows = db.select({ id: accessCodes.id, stayId: accessCodes.stayId, purpose: accessCodes.purpose }).from(accessCodes).all();
  for (const code of seam.accessCodes(device)) {
    const row = rows.find((r) => isOwnCodeName(code.name ?? "", r.id));
    if (code.status === "set" || !row || (row.purpose === "guest" && held.has(row.stayId ?? ""))) continue;
    seam.confirmCode(code.access_code_id);
  }
}

const guestCodes = (stayIds: string[]) =>
  db.select().from(accessCodes).where(and(eq(accessCodes.purpose, "guest"), inArray(accessCodes.stayId, stayIds))).all();
const mailsTo = (guest: string) => smtp.received.filter((m) => m.envelopeTo.includes(guest));
const countBy = (values: Array<string | number>) => values.reduce<Record<string, number>>((n, v) => ({ ...n, [v]: (n[v] ?? 0) + 1 }), {});
/** Guest codes by state and guests by number of mails received, e.g. `{ codes: { active: 10 }, mails: { 1: 10 } }`. */
const progress = (stayIds: string[], guests: string[]) => ({
  codes: countBy(guestCodes(stayIds).map((c) => c.state)),
  mails: countBy(guests.map((g) => mailsTo(g).length)),
});

/**
 * Books ten stays, lets half of them finish (code active, guest mailed) while the lock holds the other half's codes
 * unconfirmed (their verify jobs wait in Redis), loses Redis, then lets the lock confirm the rest. Returns how long
 * after the loss the last code and message landed.
 */
async function loseRedisMidRun(tag: string, device: string, loseRedis: () => Promise<void>): Promise<number> {
  const { stayIds, guests } = await bookStays(tag, device);
  const half = STAYS / 2;
  const [done, pending] = [stayIds.slice(0, half), stayIds.slice(half)];
  const held = new Set(pending);
  const lock = setInterval(() => confirmCodes(device, held), 100);
  try {
    await eventually(() => {
      expect(progress(done, guests.slice(0, half))).toEqual({ codes: { active: half }, mails: { 1: half } });
      expect(progress(pending, guests.slice(half))).toEqual({ codes: { programming: half }, mails: { 0: half } });
    }, { timeoutMs: HALF_DONE_MS, intervalMs: 200 });

    const lostAt = Date.now();
    await loseRedis();
    held.clear();
    confirmCodes(device, held);
    await eventually(() => expect(progress(stayIds, guests)).toEqual({ codes: { active: STAYS }, mails: { 1: STAYS } }), { timeoutMs: RECOVERY_MS, intervalMs: 200 });
    const recoveredMs = Date.now() - lostAt;

    // Nothing left in flight that could still act twice.
    await eventually(async () => {
      const stats = await jobs.stats();
      for (const queue of ["access-codes", "messages"]) expect(stats[queue]).toMatchObject({ waiting: 0, active: 0 });
    }, { timeoutMs: 30_000, intervalMs: 200 });
    const onLock = seam.accessCodes(device);
    expect(new Set(onLock.map((c) => c.name)).size).toBe(onLock.length);
    const codes = guestCodes(stayIds);
    expect(onLock.filter((c) => codes.some((code) => isOwnCodeName(c.name ?? "", code.id)))).toHaveLength(STAYS);
    expect(new Set(codes.map((c) => c.providerCodeId)).size).toBe(STAYS);
    for (const [i, stayId] of stayIds.entries()) {
      const pin = onLock.find((c) => c.access_code_id === codes.find((code) => code.stayId === stayId)?.providerCodeId)?.code;
      expect(pin).toMatch(/^\d+$/);
      expect(mailsTo(guests[i]!)).toHaveLength(1);
      expect(mailsTo(guests[i]!)[0]!.text).toContain(pin);
    }
    const sent = db.select({ status: messages.status }).from(messages).where(inArray(messages.stayId, stayIds)).all();
    expect(sent.map((m) => m.status)).toEqual(stayIds.map(() => "sent"));
    return recoveredMs;
  } catch (err) {
    const tails = processes.map((p, i) => `--- process ${i} ---\n${p.output().slice(-4_000)}`).join("\n");
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n${tails}`, { cause: err });
  } finally {
    clearInterval(lock);
  }
}

describe("losing Redis with serve and two workers running (BullMQ)", () => {
  it("after FLUSHALL mid-run, every code ends active and every guest is mailed once, without restarting a process", async () => {
    const recoveredMs = await loseRedisMidRun("flush", seam.devices.frontDoor, () => redis.flushAll());
    expect(recoveredMs).toBeLessThan(RECOVERY_MS);
  }, HALF_DONE_MS + RECOVERY_MS + 60_000);

  it("after Redis is stopped and restarted empty mid-run, every code ends active and every guest is mailed once", async () => {
    const recoveredMs = await loseRedisMidRun("restart", seam.devices.backDoor, async () => {
      await redis.stop();
      // An outage the processes see: their connections drop and retry.
      await new Promise((r) => setTimeout(r, 2_000));
      await redis.restart();
    });
    expect(recoveredMs).toBeLessThan(RECOVERY_MS);
  }, HALF_DONE_MS + RECOVERY_MS + 60_000);
});
