/**
 * The API against its floor: starts the real server (`staykey serve`, embedded jobs, simulated locks) on a database
 * seeded with 200 properties and 10,000 stays, a floor process (bench/api/floor.ts: the stays page's SQL prepared
 * once + JSON.stringify on bare node:http) and hello-world Hono, then drives each with autocannon, alternately and
 * twice, and prints req/s and latency with each staykey figure as a ratio to the floor and to hello-world measured
 * in the same round. Prints figures; asserts nothing.
 *
 *   npx tsx bench/api/run.ts        BENCH_SECONDS (default 8), BENCH_CONNECTIONS (default 10)
 */
import { fork, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import autocannon from "autocannon";
import { openDatabase } from "../../src/db/client";
import { accounts, properties, stays } from "../../src/db/schema";
import { systemClock } from "../../src/lib/clock";
import { newId } from "../../src/lib/ids";
import { createApiKey } from "../../src/services/accounts/api-keys";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
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
        })
        .run();
    }
  });
  const { key } = createApiKey(db, systemClock, { accountId, name: "bench" });
  db.$client.close();

  const [apiPort, floorPort, helloPort] = [await freePort(), await freePort(), await freePort()];
  const server = spawn(process.execPath, [join(root, "bin/staykey.js"), "serve"], { env: { ...env, PORT: String(apiPort) }, stdio: ["ignore", "ignore", "inherit"] });
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

  for (let round = 1; round <= 2; round++) {
    console.log(`\nround ${round}: ${CONNECTIONS} connections, ${SECONDS} s each, ${PROPERTIES} properties, ${STAYS} stays`);
    const results = new Map<string, autocannon.Result>();
    for (const t of targets) {
      const r = await run(t);
      results.set(t.name, r);
      const errors = r.non2xx + r.errors;
      console.log(
        `  ${t.name.padEnd(56)} ${r.requests.average.toFixed(0).padStart(6)} req/s  p50 ${r.latency.p50} ms  p99 ${r.latency.p99} ms${errors ? `  (${errors} errors/non-2xx)` : ""}`,
      );
    }
    const floor = results.get(targets[0]!.name)!.requests.average;
    const hello = results.get(targets[1]!.name)!.requests.average;
    for (const t of targets.slice(2)) {
      const rps = results.get(t.name)!.requests.average;
      console.log(`  ${t.name.padEnd(56)} ${((rps / floor) * 100).toFixed(0).padStart(4)}% of the floor, ${((rps / hello) * 100).toFixed(0).padStart(3)}% of hello-world Hono`);
    }
  }
} finally {
  stopAll();
  await new Promise((r) => setTimeout(r, 300));
  rmSync(dir, { recursive: true, force: true });
}
