import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../src/db/client";
import { BullmqJobQueue } from "../../src/jobs/bullmq/bullmq-queue";
import { defineJob, recordId } from "../../src/jobs/definitions";
import { EmbeddedJobQueue } from "../../src/jobs/embedded/embedded-queue";
import type { JobHandlers, JobQueue } from "../../src/jobs/port";
import { newId } from "../../src/lib/ids";
import { startRedisServer } from "../../test/peers/redis-server";
import { Queue, Worker } from "bullmq";

// 10,000 jobs all due within one second (a property manager's midnight turnover of every code): how fast can they
// be enqueued, and how late does the last one start? Targets: p99 lateness < 1 s on BullMQ, < 2 s embedded.
const JOBS = Number(process.env.BENCH_JOBS ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const ENQUEUE_PARALLEL = 200;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const definitions = {
  "bench.tick": defineJob({ name: "bench.tick", queue: "bench", payload: { runId: recordId() }, attempts: 1, backoffMs: 1_000 }),
};
type BenchDefs = typeof definitions;
const queueConfigs = { bench: { concurrency: CONCURRENCY } };

interface Figures {
  p50: number;
  p99: number;
  max: number;
}

function report(label: string, enqueueMs: number, lateness: number[]): Figures {
  lateness.sort((a, b) => a - b);
  const pct = (p: number) => lateness[Math.min(lateness.length - 1, Math.floor((p / 100) * lateness.length))]!;
  console.log(
    `${label.padEnd(11)} jobs=${JOBS} concurrency=${CONCURRENCY}  enqueue ${Math.round(JOBS / (enqueueMs / 1000))}/s (${Math.round(enqueueMs)} ms)` +
      `  lateness p50=${pct(50)} ms p99=${pct(99)} ms max=${lateness.at(-1)} ms  early=${lateness.filter((l) => l < 0).length}`,
  );
  return { p50: pct(50), p99: pct(99), max: lateness.at(-1)! };
}

/**
 * The floor for the BullMQ driver: a bare BullMQ Queue and Worker (no-op processor, same concurrency, same due
 * instants, delayed jobs added in the same batches) on the same redis-server. What staykey adds on top of it
 * (payload validation, the existence check that reports `created`, retry options, the processor wrapper) is the
 * ratio printed after both.
 */
async function measureBareBullmq(url: string): Promise<Figures> {
  const { hostname, port } = new URL(url);
  const connection = { host: hostname, port: Number(port), maxRetriesPerRequest: null };
  const name = `bare-${newId("job")}`;
  const queue = new Queue(name, { connection });
  const due = new Map<string, number>();
  const lateness: number[] = [];
  let resolveDone: () => void = () => {};
  const done = new Promise<void>((r) => (resolveDone = r));
  const worker = new Worker(
    name,
    async (job) => {
      lateness.push(Date.now() - due.get(job.id!)!);
      if (lateness.length === JOBS) resolveDone();
    },
    { connection, concurrency: CONCURRENCY },
  );
  await worker.waitUntilReady();
  const windowStart = Date.now() + 12_000;
  const jobs = Array.from({ length: JOBS }, (_, i) => ({ id: `tick_${newId("job")}`, at: windowStart + Math.floor((i * 1000) / JOBS) }));
  const t0 = performance.now();
  for (let i = 0; i < jobs.length; i += ENQUEUE_PARALLEL) {
    await Promise.all(
      jobs.slice(i, i + ENQUEUE_PARALLEL).map((j) => {
        due.set(j.id, j.at);
        return queue.add("bench.tick", {}, { jobId: j.id, delay: Math.max(0, j.at - Date.now()), removeOnComplete: true });
      }),
    );
  }
  const enqueueMs = performance.now() - t0;
  if (Date.now() > windowStart) console.warn("bare bullmq: enqueueing overran the due window; lateness includes it");
  await done;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return report("bare-bullmq", enqueueMs, lateness);
}

async function measure(label: string, queue: JobQueue<BenchDefs>): Promise<Figures> {
  const due = new Map<string, number>();
  const lateness: number[] = [];
  let resolveDone: () => void = () => {};
  const done = new Promise<void>((r) => (resolveDone = r));
  const handlers: JobHandlers<BenchDefs> = {
    "bench.tick": async ({ runId }) => {
      lateness.push(Date.now() - due.get(runId)!);
      if (lateness.length === JOBS) resolveDone();
    },
  };
  await queue.start(handlers);

  const windowStart = Date.now() + 12_000;
  const jobs = Array.from({ length: JOBS }, (_, i) => ({ runId: newId("job"), at: windowStart + Math.floor((i * 1000) / JOBS) }));
  const t0 = performance.now();
  for (let i = 0; i < jobs.length; i += ENQUEUE_PARALLEL) {
    await Promise.all(
      jobs.slice(i, i + ENQUEUE_PARALLEL).map((j) => {
        due.set(j.runId, j.at);
        return queue.enqueue("bench.tick", { runId: j.runId }, { jobId: `tick_${j.runId}`, runAt: new Date(j.at) });
      }),
    );
  }
  const enqueueMs = performance.now() - t0;
  if (Date.now() > windowStart) console.warn(`${label}: enqueueing overran the due window; lateness includes it`);
  await done;
  await queue.stop();

  return report(label, enqueueMs, lateness);
}

async function main(): Promise<void> {
  const only = process.argv[2];
  if (!only || only === "embedded") {
    const dir = mkdtempSync(join(tmpdir(), "staykey-bench-"));
    const db = openDatabase(join(dir, "bench.db"));
    try {
      await measure("embedded", new EmbeddedJobQueue({ db, definitions, queueConfigs }));
    } finally {
      db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (!only || only === "bullmq") {
    const redis = await startRedisServer();
    try {
      // Alternately (bare, staykey, bare, staykey, ...), so a noisy time slot hits both; the median round is the figure.
      const bare: Figures[] = [];
      const ours: Figures[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        bare.push(await measureBareBullmq(redis.url));
        ours.push(await measure("bullmq", new BullmqJobQueue({ url: redis.url, definitions, queueConfigs, prefix: `bench${round}` })));
      }
      const p99Ratios: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const ratio = (k: keyof Figures) => ours[round]![k] / Math.max(1, bare[round]![k]);
        p99Ratios.push(ratio("p99"));
        console.log(
          `round ${round + 1}: staykey bullmq / bare bullmq lateness  p50 ${ratio("p50").toFixed(2)}x  p99 ${ratio("p99").toFixed(2)}x  max ${ratio("max").toFixed(2)}x`,
        );
      }
      p99Ratios.sort((a, b) => a - b);
      console.log(`median p99 ratio over ${ROUNDS} rounds: ${p99Ratios[Math.floor(ROUNDS / 2)]!.toFixed(2)}x (target <= 1.5x)`);
    } finally {
      await redis.stop();
    }
  }
}

await main();
