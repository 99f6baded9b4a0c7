/**
 * 10,000 stays across 1,000 simulated locks on the embedded job driver: plan + program throughput and the time from
 * a code being due to the lock confirming it. Run: `npx tsx bench/codes/run.ts [stays] [locks]`.
 * Prints figures; never asserts them (DESIGN: bench/ prints, tests do not time).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq, isNotNull } from "drizzle-orm";
import { loadConfig } from "../../src/config";
import { openDatabase } from "../../src/db/client";
import { accessCodes, accounts, locks, properties, stays } from "../../src/db/schema";
import { EmbeddedJobQueue } from "../../src/jobs/embedded/embedded-queue";
import { jobIdFor } from "../../src/jobs/job-ids";
import { createReconciler } from "../../src/jobs/reconciler";
import { queueConfigs } from "../../src/jobs/queues";
import { systemClock } from "../../src/lib/clock";
import { createSecretBox } from "../../src/lib/crypto";
import { newId } from "../../src/lib/ids";
import { silentLogger } from "../../src/lib/logger";
import { SimulatedLockProvider, createSimulatedLockStore } from "../../src/providers/locks";
import { jobProcessors } from "../../src/runtime/processors";
import { reconcileSources } from "../../src/runtime/reconcile-sources";
import { lockCallAuditor } from "../../src/services/access";
import type { ServiceDeps } from "../../src/services/deps";

const STAYS = Number(process.argv[2] ?? 10_000);
const LOCKS = Number(process.argv[3] ?? 1_000);
const CONCURRENCY = Number(process.env.ACCESS_CODES_CONCURRENCY ?? queueConfigs["access-codes"].concurrency);
const TARGET_MS = 60_000;

const dir = mkdtempSync(join(tmpdir(), "staykey-bench-codes-"));
const db = openDatabase(join(dir, "staykey.db"));
const clock = systemClock;
const store = createSimulatedLockStore();
const queue = new EmbeddedJobQueue({ db, clock, queueConfigs: { ...queueConfigs, "access-codes": { concurrency: CONCURRENCY } } });
const deps: ServiceDeps = {
  db, clock, box: createSecretBox("bench-secret-bench-secret-bench-secret"), logger: silentLogger,
  config: loadConfig({ STAYKEY_DATA_DIR: dir }), jobs: queue, feedFetch: {}, messaging: { sms: null, email: null },
  lockProvider: (lock) => new SimulatedLockProvider({ store, clock, onCall: lockCallAuditor(db, clock, lock) }),
  // Codes alone are measured, as before events existed: a confirmed code schedules no message here.
  events: { emit: async () => {} },
};

// Seed: one property per lock, stays spread over the next 20 hours so every code is due now (inside the 24 h lead).
const now = clock.now().getTime();
const accountId = newId("acct");
const stayIds: string[] = [];
db.transaction(() => {
  db.insert(accounts).values({ id: accountId, name: "bench", createdAt: new Date(now) }).run();
  const sim = new SimulatedLockProvider({ store, clock });
  for (let l = 0; l < LOCKS; l++) {
    const propertyId = newId("prop");
    db.insert(properties).values({ id: propertyId, accountId, name: `P${l}`, timezone: "Europe/Lisbon", createdAt: new Date(now), updatedAt: new Date(now) }).run();
    const deviceId = `sim-${l}`;
    sim.addDevice({ deviceId });
    db.insert(locks).values({ id: newId("lock"), accountId, propertyId, name: `Door ${l}`, provider: "simulated", providerDeviceId: deviceId, createdAt: new Date(now), updatedAt: new Date(now) }).run();
    for (let s = 0; s < STAYS / LOCKS; s++) {
      const id = newId("stay");
      // Every stay of a lock overlaps the others on purpose (a minute apart): PIN uniqueness per lock is exercised.
      const checkIn = now + 3600_000;
      db.insert(stays).values({
        id, accountId, propertyId, kind: "reservation", checkInDate: "2030-01-01", checkOutDate: "2030-01-03",
        checkInAt: new Date(checkIn + s * 60_000), checkOutAt: new Date(checkIn + 2 * 24 * 3600_000), createdAt: new Date(now), updatedAt: new Date(now),
      }).run();
      stayIds.push(id);
    }
  }
});

// Every processor, as a process runs them; only the access-codes queue is started.
const handlers = jobProcessors(deps, createReconciler({ db, queue, sources: reconcileSources, clock, log: silentLogger }));
const started = performance.now();
const cpuAtStart = process.cpuUsage();
for (const stayId of stayIds) {
  await queue.enqueue("access-codes.plan-stay", { stayId }, { jobId: jobIdFor("access-codes.plan-stay", { id: stayId, version: 1 }) });
}
const enqueuedMs = performance.now() - started;
await queue.start(handlers, { queues: ["access-codes"] });

// Counted in SQL: mapping every code row through the ORM four times a second was a tenth of the run's CPU.
const countOf = (where: string) => db.$client.prepare(`select count(*) as n from access_codes where ${where}`).pluck();
const guestCodes = countOf(`purpose = 'guest'`);
const guestActive = countOf(`state = 'active' and purpose = 'guest'`);
const guestConfirmed = () => guestActive.get() as number;
let planDoneMs = 0;
for (;;) {
  await new Promise((r) => setTimeout(r, 250));
  const planned = guestCodes.get() as number;
  if (!planDoneMs && planned >= STAYS) planDoneMs = performance.now() - started;
  const done = guestConfirmed();
  if (done >= STAYS || performance.now() - started > 10 * TARGET_MS) break;
}
const totalMs = performance.now() - started;
const cpu = process.cpuUsage(cpuAtStart);
await queue.stop();

const rows = db.select({ programAt: accessCodes.programAt, confirmedAt: accessCodes.confirmedAt }).from(accessCodes)
  .where(and(eq(accessCodes.purpose, "guest"), isNotNull(accessCodes.confirmedAt))).all();
const lags = rows.map((r) => r.confirmedAt!.getTime() - r.programAt!.getTime()).sort((a, b) => a - b);
const pct = (p: number) => lags[Math.min(lags.length - 1, Math.floor((p / 100) * lags.length))] ?? NaN;
const allCodes = countOf("1").get() as number;
const stats = await queue.stats();

console.log(`stays ${STAYS}, locks ${LOCKS}, access-codes concurrency ${CONCURRENCY}, driver embedded (SQLite file)`);
console.log(`enqueue plan jobs: ${enqueuedMs.toFixed(0)} ms`);
console.log(`all stays planned after ${(planDoneMs / 1000).toFixed(1)} s (${(STAYS / (planDoneMs / 1000)).toFixed(0)} plans/s)`);
console.log(`guest codes confirmed: ${rows.length}/${STAYS} after ${(totalMs / 1000).toFixed(1)} s (${(rows.length / (totalMs / 1000)).toFixed(0)} codes/s; ${allCodes} codes incl. spares)`);
// Wall time on a shared machine moves with everyone else's load; this process's own CPU time is the steadier figure.
console.log(`process CPU during the run: ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s (user ${(cpu.user / 1e6).toFixed(1)} s, system ${(cpu.system / 1e6).toFixed(1)} s)`);
console.log(`due → confirmed: p50 ${(pct(50) / 1000).toFixed(1)} s, p99 ${(pct(99) / 1000).toFixed(1)} s, max ${((lags.at(-1) ?? NaN) / 1000).toFixed(1)} s`);
console.log(`target: all ${STAYS} confirmed within ${TARGET_MS / 1000} s → ${rows.length >= STAYS && totalMs <= TARGET_MS ? "met" : "NOT met"}`);
console.log(`queue after: ${JSON.stringify(stats["access-codes"])}`);
db.$client.close();
rmSync(dir, { recursive: true, force: true });
