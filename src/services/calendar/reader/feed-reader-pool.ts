import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Logger } from "../../../lib/logger";
import { unpackRead, type WireRead } from "./candidate-wire";
import { fetchOptionsSpec, inlineFeedReader, type FeedFetchOptions, type FeedRead, type FeedReader, type FeedReaderState, type FeedReadRequest, type FetchOptionsSpec } from "./feed-reader";

export interface FeedReaderPoolOptions {
  /** Reader threads; each is started on first use. */
  threads: number;
  /** A feed still parsing after this long fails (`parse_timeout`) and its thread is replaced. Default 30 s. */
  parseTimeoutMs?: number;
  /** Heap limit of each thread: a feed that needs more fails (`parser_crashed`), the service does not. Default 512 MB. */
  maxHeapMb?: number;
  /**
   * Young generation of each thread. Parsing allocates fast and keeps almost nothing; V8's default let a reader's
   * heap grow by ~60 MB during a cold sync of 2,000 feeds for ~10% more speed. Default 24 MB.
   */
  youngHeapMb?: number;
  /** Feeds one thread works on at once (fetches overlap; parses take turns). Default 32. */
  perThread?: number;
  logger?: Logger;
  /** The thread's entry module; tests point it at one that cannot start. */
  threadUrl?: URL;
}

const THREAD_ENTRY = new URL("./reader-thread.ts", import.meta.url);
/** The same thread run through tsx, for when bundling is not possible. */
const THREAD_BOOTSTRAP = new URL("./reader-thread.mjs", import.meta.url);
/** Threads that die before they are ready (a broken install) this many times in a row: read on the main thread. */
const MAX_START_FAILURES = 3;
/** A feed that was in a thread that died while fetching (not parsing) is tried this many times in all. */
const MAX_TRIES = 3;

interface Pending {
  id: number;
  request: FeedReadRequest;
  fetch: FetchOptionsSpec;
  fetchOptions: FeedFetchOptions;
  tries: number;
  resolve: (read: FeedRead) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker | null;
  ready: boolean;
  inFlight: Map<number, Pending>;
  /** The feed the thread is parsing right now (parsing is synchronous: one at a time). */
  parsing: number | null;
  timer: NodeJS.Timeout | null;
}

type ThreadMessage = { ready: true } | { id: number; parsing: true } | { id: number; read: WireRead };

/** A thread's code: one plain-JavaScript bundle (eval'd), or a module file. */
type ThreadSource = { code: string } | { url: URL };

let bundled: Promise<ThreadSource> | null = null;

/**
 * The reader thread bundled once per process with esbuild (the TypeScript compiler tsx itself uses) into plain
 * JavaScript. A thread that loads TypeScript through tsx gets a second, loader-hooks thread of its own and compiles the
 * parser again: about 20 MB more per reader and a slower start. The async API keeps esbuild in its own process, which
 * is stopped once the bundle is built. Without esbuild, the tsx bootstrap works the same, only heavier.
 */
function threadSource(): Promise<ThreadSource> {
  bundled ??= (async () => {
    let esbuild: typeof import("esbuild") | undefined;
    try {
      esbuild = await import("esbuild");
      const result = await esbuild.build({
        entryPoints: [fileURLToPath(THREAD_ENTRY)], bundle: true, platform: "node", format: "cjs", target: "node20", write: false, logLevel: "silent",
        // CommonJS has no import.meta: the modules that load a package on first use (domain/calendar/node-ical) resolve
        // it from the thread's own source file, as they would unbundled.
        define: { "import.meta.url": JSON.stringify(THREAD_ENTRY.href) },
      });
      return { code: result.outputFiles[0]!.text };
    } catch {
      return { url: THREAD_BOOTSTRAP };
    } finally {
      await esbuild?.stop();
    }
  })();
  return bundled;
}

/**
 * Fetches and parses feeds on worker threads; the main thread only reconciles and writes.
 *
 * Reading a feed (HTTP, node-ical, our own reading of every line, placing the stays) is most of a sync's CPU. On the
 * main thread it held up the API and every other job, and a cold sync of many listings used one core of several.
 * A thread is also a wall around a hostile or pathological calendar: it has its own heap limit and a parse deadline,
 * and when a feed blows either, that feed fails with a reason, the thread is replaced, and the service carries on.
 */
export function createFeedReaderPool(opts: FeedReaderPoolOptions): FeedReader {
  return new FeedReaderPool(opts);
}

/** One less than the cores (the main thread writes), at most 4: past that the single SQLite writer is the limit. */
export function defaultReaderThreads(): number {
  return Math.min(4, availableParallelism() - 1);
}

class FeedReaderPool implements FeedReader {
  private readonly slots: Slot[];
  private readonly waiting: Pending[] = [];
  private readonly parseTimeoutMs: number;
  private readonly maxHeapMb: number;
  private readonly youngHeapMb: number;
  private readonly perThread: number;
  private nextId = 1;
  private startFailures = 0;
  private replaced = 0;
  /** Set when threads cannot start at all: every read is done on the calling thread from then on. */
  private inline = false;
  private closed = false;
  private source: ThreadSource | null = null;
  private sourcing = false;

  constructor(private readonly opts: FeedReaderPoolOptions) {
    if (!Number.isInteger(opts.threads) || opts.threads < 1) throw new Error(`a feed reader pool needs at least one thread, got ${opts.threads}`);
    this.slots = Array.from({ length: opts.threads }, () => ({ worker: null, ready: false, inFlight: new Map(), parsing: null, timer: null }));
    this.parseTimeoutMs = opts.parseTimeoutMs ?? 30_000;
    this.maxHeapMb = opts.maxHeapMb ?? 512;
    this.youngHeapMb = opts.youngHeapMb ?? 24;
    this.perThread = opts.perThread ?? 32;
  }

  read(request: FeedReadRequest, fetchOptions: FeedFetchOptions): Promise<FeedRead> {
    if (this.closed) return Promise.reject(new Error("the feed reader pool is closed"));
    const fetch = fetchOptionsSpec(fetchOptions);
    if (!fetch || this.inline) return inlineFeedReader.read(request, fetchOptions);
    return new Promise<FeedRead>((resolve, reject) => {
      this.waiting.push({ id: this.nextId++, request, fetch, fetchOptions, tries: 0, resolve, reject });
      this.pump();
    });
  }

  state(): FeedReaderState {
    return {
      threads: this.slots.length,
      running: this.slots.filter((s) => s.worker !== null && s.ready).length,
      busy: this.slots.filter((s) => s.inFlight.size > 0).length,
      inFlight: this.slots.reduce((n, s) => n + s.inFlight.size, 0),
      waiting: this.waiting.length,
      replaced: this.replaced,
      inline: this.inline,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    const stopping: Array<Promise<number>> = [];
    for (const slot of this.slots) {
      const worker = slot.worker;
      this.forget(slot);
      for (const pending of slot.inFlight.values()) pending.reject(new Error("the feed reader pool was closed"));
      slot.inFlight.clear();
      if (worker) stopping.push(worker.terminate());
    }
    for (const pending of this.waiting.splice(0)) pending.reject(new Error("the feed reader pool was closed"));
    await Promise.all(stopping);
  }

  /**
   * The thread's code is built on the first read, not when the pool is created: every process builds a runtime (the CLI
   * and workers too) and most never read a feed, so bundling up front would cost them an esbuild run each.
   */
  private prepareSource(): void {
    if (this.sourcing) return;
    this.sourcing = true;
    void (this.opts.threadUrl ? Promise.resolve({ url: this.opts.threadUrl }) : threadSource()).then((source) => {
      this.source = source;
      this.pump();
    });
  }

  private pump(): void {
    if (!this.source) {
      if (this.waiting.length > 0) this.prepareSource();
      return;
    }
    if (this.inline) {
      // Also what a thread that died after the switch handed back: every read settles, on this thread.
      for (const pending of this.waiting.splice(0)) this.readInline(pending);
      return;
    }
    while (this.waiting.length > 0 && !this.closed) {
      let slot: Slot | undefined;
      for (const candidate of this.slots) {
        if (candidate.inFlight.size < this.perThread && (!slot || candidate.inFlight.size < slot.inFlight.size)) slot = candidate;
      }
      if (!slot) return;
      const pending = this.waiting.shift()!;
      pending.tries++;
      try {
        const worker = slot.worker ?? this.spawn(slot);
        slot.inFlight.set(pending.id, pending);
        worker.ref();
        worker.postMessage({ id: pending.id, request: pending.request, fetch: pending.fetch });
      } catch (error) {
        // A thread that cannot even be created, or a message that cannot be sent: this read is done here instead.
        slot.inFlight.delete(pending.id);
        this.opts.logger?.warn({ err: error instanceof Error ? error.name : "unknown" }, "could not hand a feed to a reader thread; reading it on the main thread");
        this.readInline(pending);
      }
    }
  }

  private readInline(pending: Pending): void {
    void inlineFeedReader.read(pending.request, pending.fetchOptions).then(pending.resolve, pending.reject);
  }

  private spawn(slot: Slot): Worker {
    const source = this.source!;
    const options = { resourceLimits: { maxOldGenerationSizeMb: this.maxHeapMb, maxYoungGenerationSizeMb: this.youngHeapMb } };
    const worker = "code" in source ? new Worker(source.code, { ...options, eval: true }) : new Worker(source.url, options);
    slot.worker = worker;
    slot.ready = false;
    worker.on("message", (message: ThreadMessage) => this.onMessage(slot, worker, message));
    worker.on("error", (error) => this.onDeath(slot, worker, error));
    worker.on("exit", (code) => this.onDeath(slot, worker, new Error(`reader thread exited with code ${code}`)));
    return worker;
  }

  private onMessage(slot: Slot, worker: Worker, message: ThreadMessage): void {
    if (slot.worker !== worker) return;
    if ("ready" in message) {
      slot.ready = true;
      this.startFailures = 0;
      return;
    }
    if ("parsing" in message) {
      slot.parsing = message.id;
      this.clearTimer(slot);
      slot.timer = setTimeout(() => this.onTimeout(slot), this.parseTimeoutMs);
      slot.timer.unref();
      return;
    }
    const pending = slot.inFlight.get(message.id);
    if (!pending) return;
    slot.inFlight.delete(message.id);
    if (slot.parsing === message.id) {
      slot.parsing = null;
      this.clearTimer(slot);
    }
    if (slot.inFlight.size === 0) worker.unref();
    let read: FeedRead;
    try {
      read = unpackRead(message.read);
    } catch {
      // Both ends are this build, so only a bug gets here: that feed fails, the service does not (read() never throws).
      this.opts.logger?.error({}, "a reader thread's answer could not be unpacked; failing that feed's sync");
      read = { status: "unread", reason: "parser_crashed", detail: "the reader's answer for this calendar could not be read" };
    }
    pending.resolve(read);
    this.pump();
  }

  /** A thread died. The feed it was parsing is the likely cause and fails; the others are read again elsewhere. */
  private onDeath(slot: Slot, worker: Worker, error: Error): void {
    if (slot.worker !== worker) return;
    const { ready, parsing } = slot;
    this.forget(slot);
    const lost = [...slot.inFlight.values()];
    slot.inFlight.clear();
    if (!ready) {
      // It never got as far as reading anything: not a feed's fault.
      for (const pending of lost) pending.tries--;
      this.waiting.unshift(...lost);
      if (++this.startFailures >= MAX_START_FAILURES) this.giveUp(error);
      this.pump();
      return;
    }
    this.replaced++;
    const outOfMemory = (error as { code?: string }).code === "ERR_WORKER_OUT_OF_MEMORY";
    // The error's name and code only: a message from inside the thread could quote calendar content.
    const code = (error as { code?: string }).code;
    this.opts.logger?.warn({ outOfMemory, whileParsing: parsing !== null, err: error.name, ...(code ? { code } : {}) }, "a feed reader thread stopped; replacing it");
    const retry: Pending[] = [];
    for (const pending of lost) {
      if (pending.id === parsing) {
        const detail = outOfMemory ? `reading this calendar needed more than ${this.maxHeapMb} MB` : "the parser stopped while reading this calendar";
        pending.resolve({ status: "unread", reason: "parser_crashed", detail });
      } else if (pending.tries >= MAX_TRIES) {
        pending.resolve({ status: "unread", reason: "parser_crashed", detail: "the reader stopped each time it fetched this calendar" });
      } else {
        retry.push(pending);
      }
    }
    this.waiting.unshift(...retry);
    this.pump();
  }

  private onTimeout(slot: Slot): void {
    const worker = slot.worker;
    const parsing = slot.parsing;
    if (!worker || parsing === null) return;
    this.forget(slot);
    void worker.terminate();
    const lost = [...slot.inFlight.values()];
    slot.inFlight.clear();
    this.opts.logger?.warn({ parseTimeoutMs: this.parseTimeoutMs }, "a feed took too long to parse; replacing its reader thread");
    for (const pending of lost) {
      if (pending.id === parsing) {
        pending.resolve({ status: "unread", reason: "parse_timeout", detail: `parsing this calendar took longer than ${duration(this.parseTimeoutMs)}` });
      } else {
        pending.tries--;
        this.waiting.unshift(pending);
      }
    }
    this.pump();
  }

  /** Nothing is lost when threads cannot start: feeds are read on the main thread, as with STAYKEY_PARSE_THREADS=0. */
  private giveUp(error: Error): void {
    if (this.inline) return;
    this.inline = true;
    this.opts.logger?.error({ err: error.message }, "feed reader threads cannot start; reading feeds on the main thread");
  }

  /** Detaches the slot from its thread (events from that thread are ignored from now on). */
  private forget(slot: Slot): void {
    slot.worker = null;
    slot.ready = false;
    slot.parsing = null;
    this.clearTimer(slot);
  }

  private clearTimer(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
  }
}

const duration = (ms: number) => (ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`);
