import { fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { openDatabase } from "../../src/db/client";
import { defineJob, recordId } from "../../src/jobs/definitions";
import { EmbeddedJobQueue } from "../../src/jobs/embedded/embedded-queue";
import type { JobHandlers } from "../../src/jobs/port";
import { newId } from "../../src/lib/ids";
import { startRedisServer, type RedisPeer } from "../../test/peers/redis-server";
import { CONCURRENCY, dueOffsetsMs, JOBS, PIECES, WARM_JOBS, type BurstFigures, type BurstSpec, type Piece } from "./burst";

// 10,000 jobs all due within one second (a property manager's midnight turnover of every code): how fast can they
// be enqueued, and how late does the last one start? Targets: p99 lateness < 1 s on BullMQ, < 2 s embedded, and
// staykey's BullMQ driver within 1.5x of a bare BullMQ worker's p99 on the same Redis.
// `run.ts [embedded|bullmq|pieces]`; BENCH_ROUNDS measured rounds (default 5), after one warm-up round that is discarded.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const REDIS_HZ = Number(process.env.BENCH_REDIS_HZ ?? 100);
const burstFile = fileURLToPath(new URL("./burst.ts", import.meta.url));

const load = () => loadavg()[0]!.toFixed(1);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const spread = (xs: number[]) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;

function line(label: string, f: BurstFigures): string {
  const warm = f.warm ? `  [warm-up ${WARM_JOBS} jobs: p99=${f.warm.p99} ms, ${f.warm.startsPerSecond} starts/s]` : "";
  return (
    `${label.padEnd(24)} enqueue ${String(f.enqueuePerSecond).padStart(6)}/s  lateness p50=${f.p50} p99=${f.p99} max=${f.max} ms (first due ${f.firstDue})  early=${f.early}` +
    `  ${f.startsPerSecond} starts/s  [${f.tail}]  cpu/job worker ${Math.round(f.workerCpuUsPerJob)} µs redis ${Math.round(f.redisCpuUsPerJob)} µs  load ${load()}${f.overran ? "  (enqueueing overran the window)" : ""}${warm}`
  );
}

/** One burst in a fresh process, on an emptied Redis, so every burst starts from the same state. */
async function forkBurst(redis: RedisPeer, spec: BurstSpec): Promise<BurstFigures> {
  await redis.flushAll();
  const child = fork(burstFile, ["--burst", redis.url, JSON.stringify(spec)], { execArgv: ["--import", "tsx"], stdio: "inherit" });
  return new Promise((resolve, reject) => {
    let figures: BurstFigures | undefined;
    child.on("message", (m) => (figures = m as BurstFigures));
    child.on("error", reject);
    child.on("exit", (code) => (figures ? resolve(figures) : reject(new Error(`burst ${JSON.stringify(spec)} exited with ${code} and no figures`))));
  });
}

const bare: BurstSpec = { driver: "bare", extras: [] };
const staykey: BurstSpec = { driver: "staykey" };

/**
 * Bare BullMQ and staykey's driver, alternately and in alternating order (bare first in odd rounds, staykey first in
 * even ones), each round's ratio from its own pair, so a noisy time slot on the shared machine hits both sides of
 * one ratio. Round 0 warms redis-server and the disk cache and is not counted. The figure is the median round.
 */
async function compareWithBare(redis: RedisPeer): Promise<void> {
  const p99: number[] = [];
  const cpu: number[] = [];
  for (let round = 0; round <= ROUNDS; round++) {
    const order = round % 2 === 1 ? [bare, staykey] : [staykey, bare];
    const figures = new Map<string, BurstFigures>();
    for (const spec of order) {
      const f = await forkBurst(redis, spec);
      figures.set(spec.driver, f);
      console.log(line(`${round === 0 ? "warm-up" : `round ${round}`} ${spec.driver === "bare" ? "bare bullmq" : "staykey"}`, f));
    }
    if (round === 0) continue;
    const b = figures.get("bare")!;
    const s = figures.get("staykey")!;
    p99.push(s.p99 / Math.max(1, b.p99));
    cpu.push((s.workerCpuUsPerJob + s.redisCpuUsPerJob) / (b.workerCpuUsPerJob + b.redisCpuUsPerJob));
    console.log(`round ${round}: staykey / bare  p99 lateness ${p99.at(-1)!.toFixed(2)}x  cpu per job (worker + redis) ${cpu.at(-1)!.toFixed(2)}x`);
  }
  console.log(
    `staykey / bare over ${ROUNDS} rounds: p99 lateness median ${median(p99).toFixed(2)}x (spread ${spread(p99)}), ` +
      `cpu per job median ${median(cpu).toFixed(2)}x (spread ${spread(cpu)}); target p99 <= 1.5x: ${median(p99) <= 1.5 ? "met" : "not met"}`,
  );
}

/** BENCH_PIECES=options,context measures only those pieces; all of them by default. */
function pieces(): Piece[] {
  const chosen = process.env.BENCH_PIECES?.split(",").filter(Boolean);
  if (!chosen) return [...PIECES];
  const unknown = chosen.filter((p) => !(PIECES as readonly string[]).includes(p));
  if (unknown.length > 0) throw new Error(`unknown BENCH_PIECES ${unknown.join(", ")}; pieces are ${PIECES.join(", ")}`);
  return chosen as Piece[];
}

/** What each piece staykey adds costs on its own: the bare worker with one piece at a time, then all of staykey. */
async function measurePieces(redis: RedisPeer): Promise<void> {
  const specs: Array<[string, BurstSpec]> = [
    ["bare", bare],
    ...pieces().map((p): [string, BurstSpec] => [`bare + ${p}`, { driver: "bare", extras: [p] }]),
    ["staykey", staykey],
  ];
  const cpu = new Map<string, number[]>(specs.map(([label]) => [label, []]));
  for (let round = 0; round <= ROUNDS; round++) {
    for (const [label, spec] of specs) {
      const f = await forkBurst(redis, spec);
      console.log(line(`${round === 0 ? "warm-up" : `round ${round}`} ${label}`, f));
      if (round > 0) cpu.get(label)!.push(f.workerCpuUsPerJob + f.redisCpuUsPerJob);
    }
  }
  const base = median(cpu.get("bare")!);
  console.log(`cpu per job (worker + redis), median of ${ROUNDS} rounds, and what it adds to the bare worker's:`);
  for (const [label] of specs) {
    const m = median(cpu.get(label)!);
    console.log(`  ${label.padEnd(20)} ${Math.round(m)} µs  ${label === "bare" ? "" : `${m - base >= 0 ? "+" : ""}${Math.round(m - base)} µs`}`);
  }
}

const definitions = {
  "bench.tick": defineJob({ name: "bench.tick", queue: "bench", payload: { runId: recordId() }, attempts: 1, backoffMs: 1_000 }),
};

async function measureEmbedded(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "staykey-bench-"));
  const db = openDatabase(join(dir, "bench.db"));
  const queue = new EmbeddedJobQueue({ db, definitions, queueConfigs: { bench: { concurrency: CONCURRENCY } } });
  try {
    const due = new Map<string, number>();
    const lateness: number[] = [];
    let resolveDone: () => void = () => {};
    const done = new Promise<void>((r) => (resolveDone = r));
    const handlers: JobHandlers<typeof definitions> = {
      "bench.tick": async ({ runId }) => {
        lateness.push(Date.now() - due.get(runId)!);
        if (lateness.length === JOBS) resolveDone();
      },
    };
    await queue.start(handlers);
    const windowStart = Date.now() + 12_000;
    const jobs = dueOffsetsMs().map((offset) => ({ runId: newId("job"), at: windowStart + offset }));
    const t0 = performance.now();
    for (let i = 0; i < jobs.length; i += 200) {
      await Promise.all(
        jobs.slice(i, i + 200).map((j) => {
          due.set(j.runId, j.at);
          return queue.enqueue("bench.tick", { runId: j.runId }, { jobId: `tick_${j.runId}`, runAt: new Date(j.at) });
        }),
      );
    }
    const enqueueMs = performance.now() - t0;
    await done;
    lateness.sort((a, b) => a - b);
    const pct = (p: number) => lateness[Math.min(lateness.length - 1, Math.floor((p / 100) * lateness.length))]!;
    console.log(
      `embedded jobs=${JOBS} concurrency=${CONCURRENCY}  enqueue ${Math.round(JOBS / (enqueueMs / 1000))}/s  ` +
        `lateness p50=${pct(50)} ms p99=${pct(99)} ms max=${lateness.at(-1)} ms  early=${lateness.filter((l) => l < 0).length}  load ${load()}`,
    );
  } finally {
    await queue.stop();
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const only = process.argv[2];
  console.log(`jobs=${JOBS} due within one second, concurrency ${CONCURRENCY}, ${ROUNDS} rounds after a warm-up round; each BullMQ process runs ${WARM_JOBS} jobs before its measured burst; redis hz ${REDIS_HZ}; load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  if (!only || only === "embedded") await measureEmbedded();
  if (!only || only === "bullmq" || only === "pieces") {
    const redis = await startRedisServer();
    try {
      const admin = new Redis(redis.url);
      await admin.config("SET", "hz", String(REDIS_HZ));
      admin.disconnect();
      if (only === "pieces") await measurePieces(redis);
      else await compareWithBare(redis);
    } finally {
      await redis.stop();
    }
  }
}

await main();
