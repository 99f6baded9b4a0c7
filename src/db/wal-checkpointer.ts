import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type Database from "better-sqlite3";

export interface WalCheckpointer {
  /** Stops the thread and gives the checkpoints back to the connection (SQLite's automatic ones). */
  stop(): Promise<void>;
}

export interface WalCheckpointerOptions {
  /** How often the thread checkpoints; default 1 s. */
  everyMs?: number;
  /** Told when the thread fails (the connection then checkpoints for itself again). */
  onError?: (message: string) => void;
  /** Told after each checkpoint that found frames: WAL frames, and how many of them are now in the database. */
  onCheckpoint?: (result: { log: number; checkpointed: number }) => void;
}

/** SQLite's own default: a committing connection checkpoints once the WAL holds this many pages. */
const AUTO_CHECKPOINT_PAGES = 1000;

// Runs in the thread: its own connection to the same file, a PASSIVE checkpoint on a timer (it never waits for
// readers or writers; what a busy moment leaves, the next tick takes), and a TRUNCATE when the WAL is idle and large.
const THREAD = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma("busy_timeout = 0");
const tick = () => {
  try {
    const [r] = db.pragma("wal_checkpoint(PASSIVE)");
    if (r && r.log > 0 && workerData.report) parentPort.postMessage({ log: r.log, checkpointed: r.checkpointed });
    if (r && r.busy === 0 && r.log > 0 && r.log === r.checkpointed && r.log > 16384) db.pragma("wal_checkpoint(TRUNCATE)");
  } catch (err) {
    if (!/busy|locked/i.test(String(err && err.message))) throw err;
  }
};
const timer = setInterval(tick, workerData.everyMs);
parentPort.once("message", () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

/**
 * Checkpoints the WAL off the event loop. By default the connection that commits past 1,000 WAL pages runs the
 * checkpoint inside that commit, on the main thread, in the middle of a sync or a request (a seventh of the sync
 * writer's time). With this running, the connection's automatic checkpoints are off and a thread with its own
 * connection checkpoints every second instead. If the thread dies, the connection checkpoints for itself again, so
 * the WAL never grows without bound. In-memory databases have no WAL: nothing is started for them.
 */
export function startWalCheckpointer(sqlite: Database.Database, opts: WalCheckpointerOptions = {}): WalCheckpointer {
  if (sqlite.memory) return { stop: async () => {} };
  const worker = new Worker(THREAD, {
    eval: true,
    workerData: { file: sqlite.name, everyMs: opts.everyMs ?? 1000, report: opts.onCheckpoint !== undefined, driver: createRequire(import.meta.url).resolve("better-sqlite3") },
  });
  worker.unref();
  let stopped = false;
  const autoCheckpoints = () => {
    if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
  };
  if (opts.onCheckpoint) worker.on("message", opts.onCheckpoint);
  worker.on("error", (err) => {
    autoCheckpoints();
    opts.onError?.(err.message);
  });
  worker.on("exit", () => {
    if (!stopped) autoCheckpoints();
  });
  sqlite.pragma("wal_autocheckpoint = 0");
  return {
    async stop() {
      if (stopped) return;
      stopped = true;
      const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
      // Held until it has exited: with the thread unref'd and the timer below too, a process with nothing else to do
      // (a short script, a benchmark round) ended mid-await with exit code 13 instead of stopping it.
      worker.ref();
      worker.postMessage("stop");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2000).unref())]);
      await worker.terminate();
      autoCheckpoints();
    },
  };
}
