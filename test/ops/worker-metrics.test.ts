import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BullmqJobQueue } from "../../src/jobs/bullmq/bullmq-queue";
import { eventually } from "../demo/eventually";
import { startRedisServer, type RedisPeer } from "../peers/redis-server";
import { startStaykey, stopStaykeyProcesses, type StaykeyProcess } from "../support/staykey-processes";

const TOKEN = "worker-metrics-token-0123456789";
const dataDir = mkdtempSync(join(tmpdir(), "staykey-worker-metrics-"));
let redis: RedisPeer;
let jobs: BullmqJobQueue;
let worker: StaykeyProcess;
let base = "";

beforeAll(async () => {
  redis = await startRedisServer();
  jobs = new BullmqJobQueue({ url: redis.url });
  const started = await startStaykey(
    ["worker"],
    { REDIS_URL: redis.url, STAYKEY_DATA_DIR: dataDir, STAYKEY_PARSE_THREADS: "0", STAYKEY_LOG_LEVEL: "info", STAYKEY_WORKER_METRICS_PORT: "0", STAYKEY_METRICS_TOKEN: TOKEN },
    /"metricsPort":(\d+)[\s\S]*worker started/,
  );
  worker = started;
  base = `http://127.0.0.1:${started.ready[1]}`;
}, 120_000);

afterAll(async () => {
  await stopStaykeyProcesses(5_000);
  await jobs?.stop();
  await redis?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const scrape = (token = TOKEN) => fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${token}` } });

describe("STAYKEY_WORKER_METRICS_PORT", () => {
  it("serves the jobs a BullMQ worker process ran, which no other process can report", async () => {
    await jobs.enqueue("alerts.check-feeds", {}, { jobId: "worker-metrics-check" });
    const ran = /staykey_jobs_processed_total\{queue="alerts",job="alerts.check-feeds",outcome="completed"\} (\d+)/;
    const text = await eventually(async () => {
      const t = await (await scrape()).text();
      expect(t).toMatch(ran);
      return t;
    }, { timeoutMs: 60_000, intervalMs: 250 });
    expect(Number(ran.exec(text)?.[1]), worker.output()).toBe(1);
    expect(text).toMatch(/staykey_job_duration_seconds_count\{queue="alerts",job="alerts.check-feeds"\} 1/);
    // Its own counters only: the database and queue gauges are serve's to export, once.
    expect(text).not.toContain("staykey_sqlite_bytes");
    expect((await fetch(`${base}/livez`)).status).toBe(200);
  }, 90_000);

  it("asks for STAYKEY_METRICS_TOKEN, as serve's public /metrics does", async () => {
    const anonymous = await fetch(`${base}/metrics`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toContain("Bearer");
    expect((await scrape("a-wrong-token-of-some-length")).status).toBe(401);
    expect((await scrape()).status).toBe(200);
  });
});
