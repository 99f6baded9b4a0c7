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

// 10,000 jobs all due within one second (a property manager's midnight turnover of every code): how fast can they
// be enqueued, and how late does the last one start? Targets: p99 lateness < 1 s on BullMQ, < 2 s embedded.
const JOBS = Number(process.env.BENCH_JOBS ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const ENQUEUE_PARALLEL = 200;

const definitions = {
  "bench.tick": defineJob({ name: "bench.tick", queue: "bench", payload: { runId: recordId() }, attempts: 1, backoffMs: 1_000 }),
};
type BenchDefs = typeof definitions;
const queueConfigs = { bench: { concurrency: CONCURRENCY } };

async function measure(label: string, queue: JobQueue<BenchDefs>): Promise<void> {
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

  lateness.sort((a, b) => a - b);
  const pct = (p: number) => lateness[Math.min(lateness.length - 1, Math.floor((p / 100) * lateness.length))]!;
  console.log(
    `${label.padEnd(9)} jobs=${JOBS} concurrency=${CONCURRENCY}  enqueue ${Math.round(JOBS / (enqueueMs / 1000))}/s (${Math.round(enqueueMs)} ms)` +
      `  lateness p50=${pct(50)} ms p99=${pct(99)} ms max=${lateness.at(-1)} ms  early=${lateness.filter((l) => l < 0).length}`,
  );
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
      await measure("bullmq", new BullmqJobQueue({ url: redis.url, definitions, queueConfigs }));
    } finally {
      await redis.stop();
    }
  }
}

await main();
