import { eq } from "drizzle-orm";
import { providerConnections } from "../../db/schema";
import type { ServiceDeps } from "../deps";
import { recordMatterEvent } from "./matter-door-events";

export interface MatterListeners {
  /** Connections currently watched. */
  readonly subscribed: number;
  /** Looks for added or deleted Matter connections now (it also does every `rescanMs`); resolves once it has. */
  rescan(): Promise<void>;
  stop(): void;
}

/**
 * Door activity from every Matter connection, for as long as the process that owns the Matter controllers runs:
 * each connection's controller (started here if nothing else needed it yet) is subscribed to its locks' events by
 * matter.js, which resubscribes after a drop; each Door Lock event goes to the door intake, deduped by event number.
 */
export function startMatterListeners(deps: ServiceDeps, opts: { rescanMs?: number; onWatching?: () => void } = {}): MatterListeners {
  const active = new Map<string, Promise<(() => void) | undefined>>();
  const matter = deps.matter;

  const rescan = async () => {
    if (!matter) return;
    const rows = deps.db.select({ id: providerConnections.id }).from(providerConnections).where(eq(providerConnections.provider, "matter")).all();
    const wanted = new Set(rows.map((r) => r.id));
    for (const [id, watching] of active) {
      // A controller stopped since (a connection left, a restart) is watched again below, which starts it anew.
      if (wanted.has(id) && matter.isRunning(id)) continue;
      active.delete(id);
      void watching.then((stop) => stop?.());
      // A deleted connection's controller, should anything have started it again, stops too.
      if (!wanted.has(id)) void matter.forget(id);
    }
    for (const { id } of rows) {
      if (active.has(id)) continue;
      const watching = matter
        .watchDoorLockEvents(id, (event) => {
          recordMatterEvent(deps, id, event).catch((err: unknown) => deps.logger.warn({ err, connectionId: id }, "matter door event not recorded"));
        })
        .catch((err: unknown) => {
          deps.logger.warn({ err, connectionId: id }, "matter connection could not be watched");
          active.delete(id);
          return undefined;
        });
      active.set(id, watching);
    }
    if (active.size > 0) opts.onWatching?.();
    await Promise.all(active.values());
  };

  void rescan();
  // A connection paired here is watched as soon as its controller is up, not at the next rescan.
  const stopHearingStarts = matter?.onStarted((id) => {
    if (!active.has(id)) void rescan();
  });
  const timer = setInterval(() => void rescan(), opts.rescanMs ?? 5 * 60_000);
  timer.unref();
  return {
    get subscribed() {
      return active.size;
    },
    rescan,
    stop() {
      clearInterval(timer);
      stopHearingStarts?.();
      for (const watching of active.values()) void watching.then((stop) => stop?.());
      active.clear();
    },
  };
}
