import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { constants as perfConstants, performance, PerformanceObserver } from "node:perf_hooks";
import { dirname, join } from "node:path";
import { Session } from "node:inspector/promises";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { openDatabase } from "../../src/db/client";
import { startWalCheckpointer } from "../../src/db/wal-checkpointer";
import { accounts, feeds, properties } from "../../src/db/schema";
import { EmbeddedJobQueue } from "../../src/jobs/embedded/embedded-queue";
import { ManualClock } from "../../src/lib/clock";
import { createSecretBox } from "../../src/lib/crypto";
import { silentLogger } from "../../src/lib/logger";
import { parseAllowList } from "../../src/lib/net/address-policy";
import { loadConfig } from "../../src/config";
import { syncFeedsNow } from "../../src/services/calendar/sync-feeds-now";
import { createFeedReaderPool, defaultReaderThreads } from "../../src/services/calendar/reader/feed-reader-pool";
import type { ServiceDeps } from "../../src/services/deps";
import { feedUrlAd } from "../../src/services/calendar/feed-url-ad";

// 2,000 listings of one year of Airbnb bookings over loopback HTTP: a cold full sync, then the same feeds unchanged.
// Targets (issue 4): cold >= 60% of node-ical's parse-only rate on the same bytes; unchanged >= 2,000 feeds/s; RSS < 300 MB.
const FEEDS = Number(process.env.BENCH_FEEDS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 24);
// Reader threads as `serve` would start them on this machine (STAYKEY_PARSE_THREADS unset), unless overridden.
const PARSE_THREADS = Number(process.env.BENCH_PARSE_THREADS ?? defaultReaderThreads());
// BENCH_CPU_PROF=<file.cpuprofile>: a V8 CPU profile of the main thread during the cold run only (open it in DevTools).
// With the checkpointer thread on, the profiler's signals cut SQLite's busy-wait sleeps short and a commit can give up with
// SQLITE_BUSY long before busy_timeout: profile with BENCH_CHECKPOINTER=0.
const CPU_PROF = process.env.BENCH_CPU_PROF;
// BENCH_DROP_INDEXES=a,b: a what-if, the cold run without these indexes (what each costs the writer); never a result.
const DROP_INDEXES = (process.env.BENCH_DROP_INDEXES ?? "").split(",").filter(Boolean);
// Rounds of (cold, unchanged, unchanged), each on a fresh database, alternating with the parse-only baseline.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const FROM = "2026-01-02";
const NOW = "2026-01-01T12:00:00Z";

const here = dirname(fileURLToPath(import.meta.url));
let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50).unref();
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);

/** CPU ms (user + system, in clock ticks of 10 ms) from a /proc stat file, or null where there is none (not Linux). */
function statCpuMs(path: string): number | null {
  try {
    const stat = readFileSync(path, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

/**
 * CPU ms of every thread of this process (Linux /proc; empty elsewhere): where a pass's CPU went. The main thread's own
 * CPU is kept apart from its busy share, which also counts time it was runnable but waiting for a core.
 */
function threadsCpuMs(): Map<string, number> {
  const out = new Map<string, number>();
  let tids: string[] = [];
  try {
    tids = readdirSync("/proc/self/task");
  } catch {
    // not Linux
  }
  for (const tid of tids) {
    const ms = statCpuMs(`/proc/self/task/${tid}/stat`);
    if (ms !== null) out.set(tid === String(process.pid) ? "main" : `thread#${tid}`, ms);
  }
  return out;
}

/** Per-feed CPU of each thread between two readings, largest first (threads that started or ended between count from 0). */
function threadsLine(before: Map<string, number>, after: Map<string, number>): string {
  return [...after].map(([name, ms]) => [name, (ms - (before.get(name) ?? 0)) / FEEDS] as const)
    .filter(([, ms]) => ms >= 0.01).sort((a, b) => b[1] - a[1]).map(([name, ms]) => `${name} ${ms.toFixed(2)}`).join(", ");
}

/** One sync of every feed: its wall time, the main thread's busy share and own CPU, and the whole process's CPU. */
async function syncPass(deps: ServiceDeps) {
  const elu = performance.eventLoopUtilization();
  const cpuStart = process.cpuUsage();
  const threadsStart = threadsCpuMs();
  const hostStart = processCpuMs(hostPid);
  const gc = { major: 0, majorMs: 0, minor: 0, minorMs: 0 };
  const gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const major = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR;
      if (major) { gc.major += 1; gc.majorMs += entry.duration; } else { gc.minor += 1; gc.minorMs += entry.duration; }
    }
  });
  gcObserver.observe({ entryTypes: ["gc"] });
  const start = performance.now();
  const { changed, unchanged, failed } = await syncFeedsNow(deps, { concurrency: CONCURRENCY });
  const result = { changed, unchanged, failed };
  const ms = performance.now() - start;
  gcObserver.disconnect();
  const threadsEnd = threadsCpuMs();
  const threads = `${threadsLine(threadsStart, threadsEnd)}; the feed host process ${((processCpuMs(hostPid) - hostStart) / FEEDS).toFixed(2)}; `
    + `main-thread GC pauses ${Math.round(gc.majorMs)} ms in ${gc.major} major, ${Math.round(gc.minorMs)} ms in ${gc.minor} minor`;
  const mainStart = threadsStart.get("main"), mainEnd = threadsEnd.get("main");
  const mainCpuMs = mainStart === undefined || mainEnd === undefined ? null : (mainEnd - mainStart) / FEEDS;
  return { result, ms, main: performance.eventLoopUtilization(elu), cpu: process.cpuUsage(cpuStart), mainCpuMs, threads };
}

/** CPU ms of another process (Linux /proc), or 0 elsewhere: the feed host's share of the two cores. */
const processCpuMs = (pid: number | undefined): number => statCpuMs(`/proc/${pid}/stat`) ?? 0;

let hostPid: number | undefined;

async function startHost(): Promise<{ origin: string; stop: () => void }> {
  const child = spawn(process.execPath, ["--import", "tsx", join(here, "feed-host.ts"), String(FEEDS), FROM], { stdio: ["pipe", "pipe", "inherit"] });
  hostPid = child.pid;
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`feed host exited with ${code}`)));
  });
  return { origin: (JSON.parse(line) as { origin: string }).origin, stop: () => child.stdin!.end() };
}

/** node-ical's and parseFeed's parse-only rates on the very bytes the host serves, measured in a process of their own. */
function parseOnly(): { nodeIcal: number; domain: number; bytes: number; nodeIcalCpuMs: number } {
  const res = spawnSync(process.execPath, ["--import", "tsx", join(here, "parse-only.ts"), String(FEEDS), FROM, NOW], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  if (res.status !== 0) throw new Error(`parse-only baseline exited with ${res.status}`);
  return JSON.parse(res.stdout.trim().split("\n").at(-1)!) as { nodeIcal: number; domain: number; bytes: number; nodeIcalCpuMs: number };
}

function seed(deps: ServiceDeps, origin: string): void {
  const now = deps.clock.now();
  deps.db.insert(accounts).values({ id: "acct_bench000001", name: "Bench PM", createdAt: now }).run();
  deps.db.transaction((tx) => {
    for (let i = 0; i < FEEDS; i++) {
      const propertyId = `prop_bench${String(i).padStart(6, "0")}`;
      const feedId = `feed_bench${String(i).padStart(6, "0")}`;
      const url = `${origin}/calendar/ical/${i}.ics?s=bench-token-${i}`;
      tx.insert(properties).values({ id: propertyId, accountId: "acct_bench000001", name: `Listing ${i}`, timezone: "America/New_York", createdAt: now, updatedAt: now }).run();
      tx.insert(feeds).values({
        id: feedId, accountId: "acct_bench000001", propertyId, urlEnc: deps.box.encrypt(url, feedUrlAd(feedId)), urlHash: deps.box.hash(url),
        urlRedacted: `${origin}/calendar/ical/…`, nextSyncAt: now, createdAt: now, updatedAt: now,
      }).run();
    }
  });
}

interface Baseline { nodeIcal: number; domain: number; bytes: number; nodeIcalCpuMs: number }

type RoundFigures = Awaited<ReturnType<typeof round>>;

/**
 * Each round in a process of its own (this file with `--round`): it starts from the same RSS, heap and JIT state as
 * the first, instead of from what earlier rounds left behind (in one process the RSS before syncing grew by ~35 MB a
 * round, 119 to 257 MB over five).
 */
function roundInProcess(origin: string, n: number): RoundFigures {
  const args = ["--import", "tsx", fileURLToPath(import.meta.url), "--round", origin, String(n), String(hostPid)];
  const res = spawnSync(process.execPath, args, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 24 });
  if (res.status !== 0) throw new Error(`round ${n} exited with ${res.status}`);
  return JSON.parse(res.stdout.trim().split("\n").at(-1)!) as RoundFigures;
}

/** One round: a fresh database, a cold sync of every feed, then two unchanged (304) passes; its figures, unprinted. */
async function round(origin: string, n: number) {
  const dir = mkdtempSync(join(tmpdir(), "staykey-bench-sync-"));
  try {
    peakRss = process.memoryUsage().rss;
    const startRss = peakRss;
    const db = openDatabase(join(dir, "staykey.db"));
    // As serve runs it (BENCH_CHECKPOINTER=0: checkpoints inside commits, SQLite's default, to compare).
    const checkpointer = process.env.BENCH_CHECKPOINTER === "0" ? null : startWalCheckpointer(db.$client);
    for (const index of DROP_INDEXES) db.$client.exec(`DROP INDEX "${index}"`);
    const clock = new ManualClock(NOW);
    const deps: ServiceDeps = {
      db, clock, logger: silentLogger, config: loadConfig({ STAYKEY_DATA_DIR: dir }),
      box: createSecretBox("bench-secret-bench-secret-bench-secret"),
      jobs: new EmbeddedJobQueue({ db, clock }),
      feedFetch: { allowList: parseAllowList("127.0.0.1") },
      ...(PARSE_THREADS > 0 ? { feedReader: createFeedReaderPool({ threads: PARSE_THREADS }) } : {}),
      lockProvider: () => { throw new Error("no locks in this benchmark"); },
      messaging: { sms: null, email: null },
      // Sync alone is measured: no other capability reacts (a feed sync emits nothing itself; its job would).
      events: { emit: async () => {} },
    };
    seed(deps, origin);

    const profiler = CPU_PROF && n === 1 ? new Session() : null;
    if (profiler) {
      profiler.connect();
      await profiler.post("Profiler.enable");
      await profiler.post("Profiler.start");
    }
    const cold = await syncPass(deps);
    const coldRss = peakRss;
    if (profiler) {
      const { profile } = await profiler.post("Profiler.stop");
      writeFileSync(CPU_PROF!, JSON.stringify(profile));
      profiler.disconnect();
    }
    const stays = (db.$client.prepare("select count(*) as n from stays").get() as { n: number }).n;
    const jobs = (db.$client.prepare("select count(*) as n from jobs").get() as { n: number }).n;

    // Ten minutes later every feed answers 304. The first such pass also pays for the cold run's aftermath (V8
    // collecting its garbage on the helper threads, the checkpointer copying the cold run's last WAL pages); a second
    // pass ten minutes on is what every later interval of an unchanged account costs, so both are printed.
    const unchangedPass = () => {
      clock.advance(10 * 60_000);
      return syncPass(deps);
    };
    const first = await unchangedPass();
    const second = await unchangedPass();
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    await deps.feedReader?.close();
    await checkpointer?.stop();
    db.$client.close();
    return { cold, first, second, stays, jobs, startRss, coldRss, peakRss, checkpointer: checkpointer !== null };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

async function main(): Promise<void> {
  const host = await startHost();
  try {
    // Rounds alternate with the parse-only baseline (before the first, between rounds, after the last); each round's
    // ratio is against the mean of the baselines on either side of it, so a slow or fast time slot moves both sides
    // of that ratio, and the median round is the figure.
    const baselines: Baseline[] = [parseOnly()];
    const rounds: RoundFigures[] = [];
    for (let n = 1; n <= ROUNDS; n++) {
      rounds.push(roundInProcess(host.origin, n));
      baselines.push(parseOnly());
    }
    const perFeed = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000 / FEEDS;
    const mainCpuOf = (pass: { mainCpuMs: number | null }) => (pass.mainCpuMs === null ? "" : `, main thread CPU ${pass.mainCpuMs.toFixed(2)} ms`);
    const r0 = rounds[0]!;
    console.log(`feeds: ${FEEDS} (one year of Airbnb bookings each, ${mb(baselines[0]!.bytes)} total, ${CONCURRENCY} in flight, ${PARSE_THREADS} reader thread(s), WAL checkpoints ${r0.checkpointer ? "in a thread" : "inside commits"}${DROP_INDEXES.length ? `, WHAT-IF without ${DROP_INDEXES.join(", ")}` : ""}), ${r0.stays} stays, ${r0.jobs} jobs enqueued; ${ROUNDS} round(s)`);
    console.log(`node-ical parse-only:    ${baselines.map((b) => b.nodeIcal).join(", ")} feeds/s (before, between and after the rounds; staykey's parseFeed alone ${baselines.map((b) => b.domain).join(", ")}: own reader for plain events, node-ical for the rest, salvage, classify, hash; in a process of their own)`);
    const figures = rounds.map((r, i) => {
      const b = { nodeIcal: (baselines[i]!.nodeIcal + baselines[i + 1]!.nodeIcal) / 2, cpuMs: (baselines[i]!.nodeIcalCpuMs + baselines[i + 1]!.nodeIcalCpuMs) / 2 };
      const pass = (p: typeof r.cold) => ({ rate: rate(FEEDS, p.ms), ratio: rate(FEEDS, p.ms) / b.nodeIcal, cpu: perFeed(p.cpu) });
      const cold = pass(r.cold), first = pass(r.first), second = pass(r.second);
      console.log([
        `round ${i + 1}: node-ical ${Math.round(b.nodeIcal)} feeds/s, ${b.cpuMs.toFixed(2)} ms CPU per feed`,
        `  cold full sync:        ${cold.rate} feeds/s (${(r.cold.ms / 1000).toFixed(1)} s; ${r.cold.result.changed} changed, ${r.cold.result.failed} failed) = ${Math.round(cold.ratio * 100)}% of parse-only [target >= 60%]`,
        `    CPU:                 ${cold.cpu.toFixed(2)} ms per feed (${(b.cpuMs / cold.cpu).toFixed(2)}x node-ical's); main thread ${Math.round(r.cold.main.utilization * 100)}% busy = ${((r.cold.main.utilization * r.cold.ms) / FEEDS).toFixed(2)} ms per feed${mainCpuOf(r.cold)}`,
        `    by thread:           ${r.cold.threads} (ms per feed; the largest other thread is the reader, the ~0.2 ones V8's GC and compiler helpers)`,
        `  unchanged (304):       ${first.rate} feeds/s (${(r.first.ms / 1000).toFixed(2)} s; ${r.first.result.unchanged} unchanged, ${r.first.result.failed} failed) = ${first.ratio.toFixed(1)}x parse-only [target >= 6x]; ${first.cpu.toFixed(2)} ms CPU per feed; main thread ${Math.round(r.first.main.utilization * 100)}% busy${mainCpuOf(r.first)}`,
        `    by thread:           ${r.first.threads}`,
        `  unchanged, next pass:  ${second.rate} feeds/s (${(r.second.ms / 1000).toFixed(2)} s; ${r.second.result.unchanged} unchanged) = ${second.ratio.toFixed(1)}x parse-only; ${second.cpu.toFixed(2)} ms CPU per feed; main thread ${Math.round(r.second.main.utilization * 100)}% busy${mainCpuOf(r.second)}`,
        `    by thread:           ${r.second.threads}`,
        `  peak RSS:              ${mb(r.peakRss)} [target < 300 MB] (before syncing ${mb(r.startRss)}, peak during cold ${mb(r.coldRss)})`,
      ].join("\n"));
      return { cold: cold.ratio, first: first.ratio, second: second.ratio, rss: r.peakRss };
    });
    const spread = (xs: number[], f: (x: number) => string) => (xs.length > 1 ? ` (rounds ${xs.map(f).join(", ")})` : "");
    const pct = (x: number) => `${Math.round(x * 100)}%`;
    const times = (x: number) => `${x.toFixed(1)}x`;
    console.log([
      `median of ${ROUNDS} round(s):`,
      `  cold / node-ical parse-only:        ${pct(median(figures.map((f) => f.cold)))}${spread(figures.map((f) => f.cold), pct)} [target >= 60%]`,
      `  unchanged / parse-only, first pass: ${times(median(figures.map((f) => f.first)))}${spread(figures.map((f) => f.first), times)} [target >= 6x]`,
      `  unchanged / parse-only, next pass:  ${times(median(figures.map((f) => f.second)))}${spread(figures.map((f) => f.second), times)}`,
      `  peak RSS, highest round:            ${mb(Math.max(...figures.map((f) => f.rss)))} [target < 300 MB]`,
    ].join("\n"));
  } finally {
    host.stop();
  }
}

if (process.argv[2] === "--round") {
  hostPid = Number(process.argv[5]);
  const figures = await round(process.argv[3]!, Number(process.argv[4]));
  clearInterval(sampler);
  process.stdout.write(`${JSON.stringify(figures)}\n`);
} else {
  await main();
}
