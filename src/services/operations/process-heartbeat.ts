import { hostname } from "node:os";
import { eq, lt } from "drizzle-orm";
import { processHeartbeats } from "../../db/schema";
import type { CoreDeps } from "../../deps";
import { newId } from "../../lib/ids";

/** How often a process says it is alive, and after how long without a word it counts as gone. */
export const HEARTBEAT_EVERY_MS = 10_000;
export const HEARTBEAT_STALE_MS = 45_000;
/** Rows of processes that died without a clean stop are removed after a day (they are only ignored before that). */
const PRUNE_AFTER_MS = 24 * 3600_000;

export interface ProcessHeartbeat {
  readonly id: string;
  /** Writes the row now: `/readyz` calls it too, so a readiness probe is also a real write to the database. */
  beat(): void;
  stop(): void;
}

/**
 * A process that runs jobs (a worker, or serve with the embedded runner) or only enqueues (serve with Redis) keeps a
 * row in process_heartbeats, so readiness can tell whether every queue has a live worker, whichever host it is on.
 */
export function startProcessHeartbeat(deps: Pick<CoreDeps, "db" | "clock" | "logger">, who: { role: "serve" | "worker"; queues: readonly string[] }): ProcessHeartbeat {
  const id = newId("proc");
  const startedAt = deps.clock.now();
  const row = { id, role: who.role, queues: [...who.queues], host: hostname(), pid: process.pid, startedAt };
  const beat = () => {
    const now = deps.clock.now();
    deps.db
      .insert(processHeartbeats)
      .values({ ...row, beatAt: now })
      .onConflictDoUpdate({ target: processHeartbeats.id, set: { beatAt: now } })
      .run();
    deps.db.delete(processHeartbeats).where(lt(processHeartbeats.beatAt, new Date(now.getTime() - PRUNE_AFTER_MS))).run();
  };
  const tick = () => {
    try {
      beat();
    } catch (err) {
      // A locked or full database is what readiness reports; the process keeps running and tries again.
      deps.logger.warn({ err: (err as Error).message }, "could not write the process heartbeat");
    }
  };
  tick();
  const timer = setInterval(tick, HEARTBEAT_EVERY_MS);
  timer.unref();
  return {
    id,
    beat,
    stop() {
      clearInterval(timer);
      try {
        deps.db.delete(processHeartbeats).where(eq(processHeartbeats.id, id)).run();
      } catch {
        // Closing anyway: the row goes stale and is pruned.
      }
    },
  };
}

/** Live processes (a beat within HEARTBEAT_STALE_MS) and the queues they take jobs from. */
export function liveProcesses(deps: Pick<CoreDeps, "db" | "clock">) {
  const since = new Date(deps.clock.now().getTime() - HEARTBEAT_STALE_MS);
  return deps.db
    .select()
    .from(processHeartbeats)
    .all()
    .filter((p) => p.beatAt >= since);
}
