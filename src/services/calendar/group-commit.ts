import type Database from "better-sqlite3";
import type { Db } from "../../db/client";
import { preparedOnce } from "../../db/prepared-once";

interface Pending {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Enough to amortise a commit; small enough that one slow batch does not hold many syncs' outcomes back. */
const MAX_BATCH = 64;
const queues = new WeakMap<Db, Pending[]>();
// Each caller's savepoint, prepared once: wrapping every caller's work in a fresh better-sqlite3 transaction function
// (as a nested `transaction()` does) cost more than an unchanged feed's UPDATE.
const savepoints = preparedOnce((sqlite: Database.Database) => ({
  begin: sqlite.prepare('SAVEPOINT "group_commit_item"'),
  release: sqlite.prepare('RELEASE "group_commit_item"'),
  rollback: sqlite.prepare('ROLLBACK TO "group_commit_item"'),
}));

/**
 * Runs `work` (synchronous SQL on `db`) in a transaction it shares with the other callers of the same event-loop
 * turn, and resolves once that transaction has committed.
 *
 * An unchanged feed writes three small rows, and the commit cost more than the writes and the HTTP round trip
 * together; many feeds answer within the same turn, so their writes share one commit. Each caller's work runs in
 * its own savepoint: if it throws, only its own writes roll back and only its promise rejects. If the commit itself
 * fails, every caller of the batch rejects (nothing of theirs was written), like a failed transaction of their own.
 */
export function inSharedTransaction<T>(db: Db, work: () => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let queue = queues.get(db);
    if (!queue) {
      queue = [];
      queues.set(db, queue);
      setImmediate(() => flush(db));
    }
    queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
    if (queue.length >= MAX_BATCH) flush(db);
  });
}

function flush(db: Db): void {
  const batch = queues.get(db);
  if (!batch || batch.length === 0) return;
  queues.delete(db);
  const sqlite: Database.Database = db.$client;
  const savepoint = savepoints(sqlite);
  const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
  try {
    // IMMEDIATE: the write lock is taken at BEGIN, where SQLite waits out busy_timeout for another connection (the WAL
    // checkpointer's TRUNCATE, a worker process). A deferred transaction reads first (the feed's state, its stays) and
    // asks for the lock only at its first write; SQLite cannot wait there (the snapshot it read could go stale), so
    // it failed at once with SQLITE_BUSY and the whole batch with it (bench/sync's cold run, every time on 2 cores).
    sqlite.transaction(() => {
      for (const item of batch) {
        savepoint.begin.run();
        try {
          const value = item.work();
          savepoint.release.run();
          outcomes.push({ ok: true, value });
        } catch (error) {
          // As better-sqlite3 does for a nested transaction: an error that ended the whole transaction left no savepoint.
          if (sqlite.inTransaction) {
            savepoint.rollback.run();
            savepoint.release.run();
          }
          outcomes.push({ ok: false, error });
        }
      }
    }).immediate();
  } catch (error) {
    for (const item of batch) item.reject(error);
    return;
  }
  batch.forEach((item, i) => {
    const outcome = outcomes[i]!;
    if (outcome.ok) item.resolve(outcome.value);
    else item.reject(outcome.error);
  });
}
