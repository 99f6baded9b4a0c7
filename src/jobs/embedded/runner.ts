import type { DefinitionMap } from "../definitions";
import type { JobHandlers } from "../port";
import { processJob, type JobLogger } from "../processor";
import { exponentialBackoffMs } from "../backoff";
import { errorMessage, isPermanentError } from "../errors";
import type { Clock } from "../../lib/clock";
import { newId } from "../../lib/ids";
import type { JobRow, JobStore } from "./job-store";

export interface RunnerOptions {
  store: JobStore;
  definitions: DefinitionMap;
  handlers: JobHandlers<DefinitionMap>;
  queues: { name: string; concurrency: number }[];
  schedules: Map<string, number>;
  clock: Clock;
  log: JobLogger;
  leaseMs: number;
  stopGraceMs: number;
  completedRetentionMs: number;
  failedRetentionMs: number;
}

// Another process (the CLI, a second server) can write due rows this one was never told about; a cheap indexed
// query this often catches them. In-process enqueues wake the runner at once and never wait for it.
const MAX_SLEEP_MS = 5_000;
const PRUNE_EVERY_MS = 60_000;
/** A pass the database refused (busy past busy_timeout while another connection held the write lock) is tried again this soon. */
const RETRY_PASS_MS = 1_000;

interface Finished {
  row: JobRow;
  owner: string;
  err: unknown;
}

interface Running {
  owner: string;
  controller: AbortController;
  done: Promise<void>;
}

/** Claims due jobs per queue up to its concurrency, keeps their leases alive, and sleeps until the next due instant. */
export class EmbeddedRunner {
  private readonly running = new Map<string, Running>();
  private readonly active = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  private renewTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private pumpQueued = false;
  private finished: Finished[] = [];
  private lastPrune = 0;
  private readonly queueNames: string[];

  constructor(private readonly o: RunnerOptions) {
    this.queueNames = o.queues.map((q) => q.name);
  }

  start(): void {
    this.renewTimer = setInterval(() => this.guarded("lease renewal", () => this.renewLeases()), Math.max(50, Math.floor(this.o.leaseMs / 3)));
    this.renewTimer.unref();
    this.pump();
  }

  /** Re-arms the timer when a new job is due sooner than the runner planned to wake. */
  wake(runAt: number): void {
    if (!this.stopped && runAt < this.timerAt) this.arm(runAt);
  }

  async stop(): Promise<void> {
    this.halt();
    this.flushFinished(this.o.clock.now().getTime());
    const inFlight = [...this.running.values()];
    const graceful = Promise.all(inFlight.map((r) => r.done));
    const timedOut = await Promise.race([graceful.then(() => false), sleep(this.o.stopGraceMs).then(() => true)]);
    if (timedOut) {
      // Hand unfinished jobs back now rather than making the next start wait out their leases.
      for (const [id, r] of this.running) {
        r.controller.abort(new Error("job queue stopping"));
        this.o.store.retry(id, r.owner, this.o.clock.now().getTime(), "released at shutdown", this.o.clock.now().getTime());
      }
    }
  }

  abandon(): void {
    this.halt();
    this.running.clear();
    this.finished = [];
  }

  private halt(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.renewTimer);
  }

  /**
   * Every timer goes through here, capped at MAX_SLEEP_MS: a job enqueued months ahead (from a handler claimed in a
   * pump, while no timer is armed) would otherwise ask Node for a delay past 2^31-1 ms, which it replaces by 1 ms
   * with a TimeoutOverflowWarning.
   */
  private arm(at: number): void {
    const now = this.o.clock.now().getTime();
    const wakeAt = Math.min(at, now + MAX_SLEEP_MS);
    clearTimeout(this.timer);
    this.timerAt = wakeAt;
    this.timer = setTimeout(() => {
      this.timerAt = Infinity;
      this.guarded("pass", () => this.pump());
    }, Math.max(0, wakeAt - now));
  }

  /** The timer's pass: reclaim dead leases, prune, claim, and plan the next wake-up. */
  private pump(): void {
    if (this.stopped) return;
    const now = this.o.clock.now().getTime();
    this.flushFinished(now);
    this.o.store.reclaimExpired(now);
    if (now - this.lastPrune > PRUNE_EVERY_MS) {
      this.lastPrune = now;
      this.o.store.prune(now - this.o.completedRetentionMs, now - this.o.failedRetentionMs);
    }
    this.claimDue(now);
    const next = this.o.store.nextWakeAt(this.queueNames, now);
    this.arm(next ?? Infinity);
  }

  /**
   * The hot path after jobs finish: record every outcome of this tick in one transaction, then refill the freed
   * slots. Coalescing per tick is what lets a burst of thousands of due jobs start within a second or two.
   */
  private refill(): void {
    if (this.pumpQueued || this.stopped) return;
    this.pumpQueued = true;
    setImmediate(() => {
      this.pumpQueued = false;
      if (this.stopped) return;
      this.guarded("refill", () => {
        const now = this.o.clock.now().getTime();
        this.flushFinished(now);
        this.claimDue(now);
      });
    });
  }

  /**
   * Runs a pass started by a timer, where a throw would be an uncaught exception ending the whole process (seen: the
   * claim failing with SQLITE_BUSY while a sync held the write lock past busy_timeout on a loaded machine). The pass is
   * logged and tried again shortly instead; outcomes not yet recorded are kept for it, and a job whose lease runs out
   * meanwhile is reclaimed as after any stall.
   */
  private guarded(what: string, pass: () => void): void {
    try {
      pass();
    } catch (err) {
      if (this.stopped) return;
      this.o.log.warn({ err: errorMessage(err), pass: what }, "job runner pass failed; retrying shortly");
      this.arm(this.o.clock.now().getTime() + RETRY_PASS_MS);
    }
  }

  private claimDue(now: number): void {
    for (const q of this.o.queues) {
      const free = q.concurrency - (this.active.get(q.name) ?? 0);
      if (free <= 0) continue;
      const owner = newId("job");
      for (const row of this.o.store.claim(q.name, free, owner, now, this.o.leaseMs)) this.run(row, owner);
    }
  }

  private run(row: JobRow, owner: string): void {
    this.active.set(row.queue, (this.active.get(row.queue) ?? 0) + 1);
    const controller = new AbortController();
    const def = this.o.definitions[row.name];
    const done = (async () => {
      let outcome: unknown;
      try {
        if (!def) throw Object.assign(new Error(`unknown job ${row.name}`), { permanent: true });
        const handler = this.o.handlers[row.name];
        await processJob(def, handler, JSON.parse(row.payload), { jobId: row.id, attempt: row.attempts, signal: controller.signal }, this.o.log);
      } catch (err) {
        outcome = err;
      }
      this.finish(row, owner, outcome);
    })();
    this.running.set(row.id, { owner, controller, done });
  }

  private finish(row: JobRow, owner: string, err: unknown): void {
    if (this.running.get(row.id)?.owner !== owner) return; // abandoned: the row is no longer ours to touch
    this.running.delete(row.id);
    this.active.set(row.queue, (this.active.get(row.queue) ?? 1) - 1);
    this.finished.push({ row, owner, err });
    if (this.stopped) this.flushFinished(this.o.clock.now().getTime());
    else this.refill();
  }

  private flushFinished(now: number): void {
    if (this.finished.length === 0) return;
    const batch = this.finished;
    this.finished = [];
    let wakeAt: number;
    try {
      wakeAt = this.o.store.inTransaction(() => {
        let earliest = Infinity;
        for (const f of batch) earliest = Math.min(earliest, this.record(f, now));
        return earliest;
      });
    } catch (err) {
      this.finished = batch.concat(this.finished); // rolled back: recorded on the next pass
      throw err;
    }
    if (wakeAt !== Infinity) this.wake(wakeAt);
  }

  /** Writes one outcome; returns when the job is due again (Infinity when it is done). */
  private record({ row, owner, err }: Finished, now: number): number {
    const every = this.o.schedules.get(row.id);
    let next = Infinity;
    if (err === undefined) {
      if (every !== undefined) this.o.store.rearm(row.id, owner, (next = now + every), null, now);
      else this.o.store.complete(row.id, owner, now);
    } else if (!isPermanentError(err) && row.attempts < row.max_attempts) {
      this.o.store.retry(row.id, owner, (next = now + exponentialBackoffMs(row.attempts, row.backoff_ms)), errorMessage(err), now);
    } else if (every !== undefined) {
      // A schedule must survive a bad run: record the error and keep its next turn.
      this.o.store.rearm(row.id, owner, (next = now + every), errorMessage(err), now);
    } else {
      this.o.store.fail(row.id, owner, errorMessage(err), now);
    }
    return next;
  }

  private renewLeases(): void {
    const until = this.o.clock.now().getTime() + this.o.leaseMs;
    for (const [id, r] of this.running) {
      if (!this.o.store.renew(id, r.owner, until)) {
        // Someone reclaimed it (we stalled past the lease): stop working on a job that is no longer ours.
        r.controller.abort(new Error("job lease lost"));
      }
    }
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());
