/**
 * Dashboard pages' server time on a big account: 200 properties with a lock each, 10,000 stays over the next year
 * (a code and a delivered message for each of the next two weeks' arrivals, a turnover after each), a few open alerts.
 * Each page is rendered in-process through the real app (buildRuntime on a data directory, session cookie, the page
 * compressed as a browser asks for it), BENCH_ROUNDS times after a warm-up, and its p50/p95/max server time printed
 * beside the 50 ms budget, with the CPU time the process spent on it (p50): on a shared machine the wall time mostly
 * measures the other processes, the CPU time what the page costs. Prints figures; asserts nothing.
 *
 *   npx tsx bench/dashboard/run.ts        BENCH_ROUNDS (default 40), BENCH_PAGES (names' prefixes, comma-separated: only those)
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createApp } from "../../src/app";
import { accessCodes, alerts, locks, lockProperties, messages, properties, stays, turnovers } from "../../src/db/schema";
import { newId } from "../../src/lib/ids";
import { buildRuntime } from "../../src/runtime/build-runtime";
import { createAccount } from "../../src/services/accounts/create-account";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
const PROPERTIES = 200;
const STAYS = 10_000;
const BUDGET_MS = 50;
const DAY = 86_400_000;

const dir = mkdtempSync(join(tmpdir(), "staykey-bench-dash-"));
const runtime = buildRuntime({ STAYKEY_DATA_DIR: dir, STAYKEY_LOG_LEVEL: "silent", STAYKEY_SECRET: "bench-secret-bench-secret-bench-secret" });
try {
  const { deps } = runtime;
  const { db, box } = deps;
  const { accountId } = await createAccount(deps, { name: "bench", ownerEmail: "bench@example.com", password: "bench-password-1" });
  const now = deps.clock.now();
  const propertyIds: string[] = [];
  const lockIds: string[] = [];
  let firstStay = "";
  db.transaction(() => {
    for (let p = 0; p < PROPERTIES; p++) {
      const id = newId("prop");
      propertyIds.push(id);
      db.insert(properties).values({ id, accountId, name: `Property ${String(p).padStart(3, "0")}`, timezone: p % 3 === 0 ? "America/New_York" : "Europe/Lisbon", createdAt: now, updatedAt: now }).run();
      const lockId = newId("lock");
      lockIds.push(lockId);
      db.insert(locks).values({ id: lockId, accountId, propertyId: id, name: `Door ${p}`, provider: "simulated", providerDeviceId: `sim-${p}`, online: p % 17 !== 0, batteryLevel: 10 + (p * 7) % 90, createdAt: now, updatedAt: now }).run();
      db.insert(lockProperties).values({ lockId, propertyId: id, createdAt: now }).run();
      if (p % 20 === 0) {
        db.insert(alerts).values({ id: newId("alrt"), accountId, kind: "lock_offline", severity: "warning", subjectType: "lock", subjectId: lockId, dedupeKey: `off:${lockId}`, title: `Door ${p} is offline`, openedAt: now, createdAt: now, updatedAt: now }).run();
      }
    }
    for (let s = 0; s < STAYS; s++) {
      const p = s % PROPERTIES;
      const checkIn = now.getTime() + Math.floor(s / PROPERTIES) * 7 * DAY + (p % 7) * DAY - 2 * DAY;
      const checkOut = checkIn + 3 * DAY;
      const day = (t: number) => new Date(t).toISOString().slice(0, 10);
      const stayId = newId("stay");
      if (s === 0) firstStay = stayId;
      db.insert(stays).values({
        id: stayId, accountId, propertyId: propertyIds[p]!, kind: s % 50 === 0 ? "block" : "reservation", guestName: `Guest ${s}`,
        checkInDate: day(checkIn), checkOutDate: day(checkOut), checkInAt: new Date(checkIn), checkOutAt: new Date(checkOut), createdAt: now, updatedAt: now,
      }).run();
      if (checkIn < now.getTime() + 14 * DAY) {
        const codeId = newId("code");
        db.insert(accessCodes).values({
          id: codeId, accountId, propertyId: propertyIds[p]!, lockId: lockIds[p]!, purpose: "guest", stayId, state: s % 9 === 0 ? "failed" : "active",
          pinEnc: box.encrypt("123456", `code:${codeId}`), pinHash: `h${codeId}`, pinPrefixHash: `p${codeId}`, pinLength: 6, validFrom: new Date(checkIn), validTo: new Date(checkOut), createdAt: now, updatedAt: now,
        }).run();
        const msgId = newId("msg");
        db.insert(messages).values({
          id: msgId, accountId, propertyId: propertyIds[p]!, stayId, channel: "sms", provider: "outbox", purpose: "guest_code", status: "delivered",
          idempotencyKey: `bench:${msgId}`, recipientEnc: box.encrypt("+15555550123", `message.recipient:${msgId}`), bodyEnc: box.encrypt("Your code", `message:${msgId}`), createdAt: now, updatedAt: now,
        }).run();
        db.insert(turnovers).values({ id: newId("turn"), accountId, propertyId: propertyIds[p]!, afterStayId: stayId, startsAt: new Date(checkOut), endsAt: new Date(checkOut + 5 * 3600_000), createdAt: now, updatedAt: now }).run();
      }
    }
  });

  const app = createApp(deps);
  const login = await app.request("/login");
  const loginCookie = login.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await login.text())![1]!;
  const signedIn = await app.request("/login", {
    method: "POST", headers: { cookie: loginCookie, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ _csrf: csrf, email: "bench@example.com", password: "bench-password-1" }).toString(),
  });
  const cookie = signedIn.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const pages = [
    ["Today", "/dashboard"],
    ["Properties", "/dashboard/properties"],
    ["A property", `/dashboard/properties/${propertyIds[0]}`],
    ["Its settings", `/dashboard/properties/${propertyIds[0]}/settings`],
    ["Its calendar", `/dashboard/properties/${propertyIds[0]}/calendar`],
    ["Calendar, all", "/dashboard/calendar"],
    ["A stay", `/dashboard/stays/${firstStay}`],
    ["Alerts", "/dashboard/alerts"],
    ["Outbox", "/dashboard/outbox"],
    ["Outbox, one property", `/dashboard/outbox?property=${propertyIds[1]}`],
  ] as const;

  console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  console.log(`dashboard pages, ${PROPERTIES} properties, ${STAYS} stays, ${ROUNDS} rounds each (server time, gzip):`);
  console.log(`${"page".padEnd(24)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"max ms".padStart(8)} ${"cpu p50".padStart(8)} ${"KB".padStart(6)}  budget ${BUDGET_MS} ms`);
  const only = process.env.BENCH_PAGES?.split(",").map((n) => n.trim().toLowerCase()).filter(Boolean);
  for (const [name, path] of pages) {
    if (only && !only.some((n) => name.toLowerCase().startsWith(n))) continue;
    const times: number[] = [];
    const cpu: number[] = [];
    let bytes = 0;
    for (let i = 0; i < ROUNDS + 5; i++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const res = await app.request(path, { headers: { cookie, "accept-encoding": "gzip" } });
      const body = await res.arrayBuffer();
      const ms = performance.now() - t0;
      const used = process.cpuUsage(c0);
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
      if (i >= 5) {
        times.push(ms);
        cpu.push((used.user + used.system) / 1000);
      }
      bytes = body.byteLength;
    }
    times.sort((a, b) => a - b);
    cpu.sort((a, b) => a - b);
    const q = (f: number) => times[Math.min(times.length - 1, Math.floor(f * times.length))]!;
    const cpu50 = cpu[Math.floor(cpu.length / 2)]!;
    const flag = q(0.5) > BUDGET_MS ? "  OVER" : q(0.95) > BUDGET_MS ? "  p95 over" : "";
    console.log(`${name.padEnd(24)} ${q(0.5).toFixed(1).padStart(8)} ${q(0.95).toFixed(1).padStart(8)} ${times.at(-1)!.toFixed(1).padStart(8)} ${cpu50.toFixed(1).padStart(8)} ${(bytes / 1024).toFixed(1).padStart(6)}${flag}`);
  }
} finally {
  await runtime.close();
  rmSync(dir, { recursive: true, force: true });
}
