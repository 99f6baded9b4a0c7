/**
 * The API against its floor: starts the real server (`staykey serve`, embedded jobs, simulated locks) on a database
 * seeded with 200 properties and 10,000 stays, a floor process (bench/api/floor.ts: the stays page's SQL prepared
 * once + JSON.stringify on bare node:http) and hello-world Hono, then drives each with autocannon, alternately and
 * twice, and prints req/s and latency with each staykey figure as a ratio to the floor and to hello-world measured
 * in the same round. Prints figures; asserts nothing.
 *
 *   npx tsx bench/api/run.ts        BENCH_SECONDS (default 8), BENCH_CONNECTIONS (default 10), BENCH_ROUNDS (default 2)
 *   BENCH_ONLY=stays                 drive only the targets whose name contains this (the floor and hello-world always run)
 *   BENCH_CPU_PROF=<dir>             the server writes a V8 CPU profile there when it stops (open it in Chrome DevTools)
 */
import { fork, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import { openDatabase } from "../../src/db/client";
import { accounts, properties, stays } from "../../src/db/schema";
import { systemClock } from "../../src/lib/clock";
import { newId } from "../../src/lib/ids";
import { createApiKey } from "../../src/services/accounts/api-keys";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const ONLY = process.env.BENCH_ONLY;
const CPU_PROF = process.env.BENCH_CPU_PROF;
const PROPERTIES = 200;
const STAYS = 10_000;
const root = resolve(import.meta.dirname, "../..");

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => res(port));
    });
    srv.on("error", rej);
  });
}

async function waitFor(url: string, headers: Record<string, string> = {}): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(url, { headers })).ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up`);
}

/** Ms until the server's jobs table has nothing due or running (null after 180 s), read from the file read-only. */
async function untilJobsSettle(dbFile: string): Promise<number | null> {
  const started = Date.now();
  const db = new Database(dbFile, { readonly: true });
  const busy = db.prepare("select count(*) as n from jobs where state = 'active' or (state = 'waiting' and run_at <= ?)");
  try {
    while (Date.now() - started < 180_000) {
      if ((busy.get(Date.now()) as { n: number }).n === 0) return Date.now() - started;
      await new Promise((r) => setTimeout(r, 500));
    }
    return null;
  } finally {
    db.close();
  }
}

const dir = mkdtempSync(join(tmpdir(), "staykey-bench-api-"));
const env = { ...process.env, STAYKEY_DATA_DIR: dir, STAYKEY_SECRET: "bench-secret-bench-secret-bench-secret", STAYKEY_LOG_LEVEL: "warn", HOST: "127.0.0.1" };
const children: ChildProcess[] = [];
const stopAll = () => children.forEach((c) => c.kill("SIGTERM"));
process.on("exit", stopAll);

try {
  // The schema, as serve would make it, then the seed written straight into the file.
  const migrate = spawn(process.execPath, [join(root, "bin/staykey.js"), "migrate"], { env, stdio: "inherit" });
  await new Promise<void>((res, rej) => migrate.on("exit", (code) => (code === 0 ? res() : rej(new Error(`migrate exited ${code}`)))));
  const dbFile = join(dir, "staykey.db");
  const db = openDatabase(dbFile);
  const now = systemClock.now();
  const accountId = newId("acct");
  const propertyIds: string[] = [];
  db.transaction(() => {
    db.insert(accounts).values({ id: accountId, name: "bench", createdAt: now }).run();
    for (let p = 0; p < PROPERTIES; p++) {
      const id = newId("prop");
      propertyIds.push(id);
      db.insert(properties).values({ id, accountId, name: `Property ${p}`, timezone: "Europe/Lisbon", createdAt: now, updatedAt: now }).run();
    }
    for (let s = 0; s < STAYS; s++) {
      const checkIn = now.getTime() + (s % 365) * 86_400_000;
      const day = (t: number) => new Date(t).toISOString().slice(0, 10);
      db.insert(stays)
        .values({
          id: newId("stay"), accountId, propertyId: propertyIds[s % PROPERTIES]!, kind: "reservation", guestName: `Guest ${s}`,
          reservationCode: `HM${String(s).padStart(8, "0")}`, checkInDate: day(checkIn), checkOutDate: day(checkIn + 3 * 86_400_000),
          checkInAt: new Date(checkIn), checkOutAt: new Date(checkIn + 3 * 86_400_000), createdAt: now, updatedAt: now,
          // Already planned, as on a server that has been running: otherwise serve starts by planning all 10,000.
          plannedVersion: 1,
        })
        .run();
    }
  });
  const { key } = createApiKey(db, systemClock, { accountId, name: "bench" });
  db.$client.close();

  const [apiPort, floorPort, helloPort] = [await freePort(), await freePort(), await freePort()];
  const profile = CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${resolve(CPU_PROF)}`] : [];
  const server = spawn(process.execPath, [...profile, join(root, "bin/staykey.js"), "serve"], { env: { ...env, PORT: String(apiPort) }, stdio: ["ignore", "ignore", "inherit"] });
  children.push(server);
  const tsx = { execPath: join(root, "node_modules/.bin/tsx"), stdio: ["ignore", "inherit", "inherit", "ipc"] as const };
  children.push(fork(join(root, "bench/api/floor.ts"), [dbFile, accountId, String(floorPort)], { ...tsx, stdio: [...tsx.stdio] }));
  children.push(fork(join(root, "bench/api/hello.ts"), [String(helloPort)], { ...tsx, stdio: [...tsx.stdio] }));
  const auth = { authorization: `Bearer ${key}` };
  await Promise.all([
    waitFor(`http://127.0.0.1:${apiPort}/api/v1/stays?limit=1`, auth),
    waitFor(`http://127.0.0.1:${floorPort}/`),
    waitFor(`http://127.0.0.1:${helloPort}/`),
  ]);
  // serve starts by planning every property's stays (the reconciler's plan-property jobs) in this same process: measured
  // during that, a round says how busy the job runner is, not what a request costs. Wait until no job is due or running.
  const settled = await untilJobsSettle(dbFile);
  console.log(`server's start-up jobs ${settled === null ? "still running after 180 s (measuring anyway)" : `done after ${(settled / 1000).toFixed(1)} s`}`);

  const api = (path: string) => `http://127.0.0.1:${apiPort}${path}`;
  const targets: Array<{ name: string; url: string; method?: "GET" | "PATCH"; body?: () => string; headers?: Record<string, string> }> = [
    { name: "floor (SQL prepared once + JSON.stringify, node:http)", url: `http://127.0.0.1:${floorPort}/` },
    { name: "hello-world Hono", url: `http://127.0.0.1:${helloPort}/` },
    { name: "GET /api/v1/stays?limit=50", url: api("/api/v1/stays?limit=50"), headers: auth },
    { name: "GET /api/v1/properties?limit=50", url: api("/api/v1/properties?limit=50"), headers: auth },
    { name: "GET /api/v1/access-codes?limit=50", url: api("/api/v1/access-codes?limit=50"), headers: auth },
    {
      name: "PATCH /api/v1/properties/{id} (a write)", url: api(`/api/v1/properties/${propertyIds[0]}`), method: "PATCH",
      headers: { ...auth, "content-type": "application/json" }, body: () => JSON.stringify({ name: `Property 0 ${Math.random().toString(36).slice(2, 8)}` }),
    },
  ];

  const run = (t: (typeof targets)[number]) =>
    new Promise<autocannon.Result>((res, rej) => {
      const inst = autocannon(
        { url: t.url, method: t.method ?? "GET", headers: t.headers, body: t.body?.(), connections: CONNECTIONS, duration: SECONDS },
        (err, result) => (err ? rej(err) : res(result)),
      );
      void inst;
    });

  const driven = targets.filter((t, i) => i < 2 || !ONLY || t.name.includes(ONLY));
  for (let round = 1; round <= ROUNDS; round++) {
    console.log(`\nround ${round}: ${CONNECTIONS} connections, ${SECONDS} s each, ${PROPERTIES} properties, ${STAYS} stays`);
    const results = new Map<string, autocannon.Result>();
    for (const t of driven) {
      const r = await run(t);
      results.set(t.name, r);
      const errors = r.non2xx + r.errors;
      console.log(
        `  ${t.name.padEnd(56)} ${r.requests.average.toFixed(0).padStart(6)} req/s  p50 ${r.latency.p50} ms  p99 ${r.latency.p99} ms${errors ? `  (${errors} errors/non-2xx)` : ""}`,
      );
    }
    const floor = results.get(targets[0]!.name)!.requests.average;
    const hello = results.get(targets[1]!.name)!.requests.average;
    for (const t of driven.slice(2)) {
      const rps = results.get(t.name)!.requests.average;
      console.log(`  ${t.name.padEnd(56)} ${((rps / floor) * 100).toFixed(0).padStart(4)}% of the floor, ${((rps / hello) * 100).toFixed(0).padStart(3)}% of hello-world Hono`);
    }
  }
  if (CPU_PROF) {
    // The profile is written as the server exits: wait for it rather than the 300 ms the others get.
    const exited = new Promise((r) => server.once("exit", r));
    server.kill("SIGTERM");
    await exited;
    console.log(`CPU profile of the server in ${resolve(CPU_PROF)}`);
  }
} finally {
  stopAll();
  await new Promise((r) => setTimeout(r, 300));
  rmSync(dir, { recursive: true, force: true });
}
