import type { JobLogger } from "../processor";

export interface KeptSchedule {
  exists(): Promise<boolean>;
  upsert(): Promise<void>;
}

/** Checked this often by default: a schedule lost with Redis's data is back within a minute, at one cheap read per process. */
export const DEFAULT_SCHEDULE_CHECK_MS = 30_000;

/**
 * BullMQ keeps its schedulers in Redis and nowhere else: after FLUSHALL, or a Redis restarted without its data, the
 * reconcile schedule is simply gone, and nothing would ever re-create the jobs Redis lost. So every process that
 * upserted a schedule (serve and each worker) looks on an interval whether it is still there and puts it back; a
 * restored `every` scheduler fires at once, so the reconcile pass restores everything else.
 */
export class ScheduleKeeper {
  private readonly kept = new Map<string, KeptSchedule>();
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly o: { checkEveryMs: number; log: JobLogger }) {}

  keep(id: string, schedule: KeptSchedule): void {
    this.kept.set(id, schedule);
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => void this.check(), this.o.checkEveryMs);
    // The process lives for its server or its workers, never for this timer.
    this.timer.unref();
  }

  /** One pass over the kept schedules; a pass still running (Redis slow or away) is not doubled. */
  check(): Promise<void> {
    this.checking ??= this.restoreMissing().finally(() => (this.checking = undefined));
    return this.checking;
  }

  /** The kept schedules Redis does not hold right now (throws when Redis does not answer). */
  async missing(): Promise<string[]> {
    const out: string[] = [];
    for (const [id, schedule] of this.kept) if (!(await schedule.exists())) out.push(id);
    return out;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.checking;
  }

  private async restoreMissing(): Promise<void> {
    for (const [id, schedule] of this.kept) {
      if (this.stopped) return;
      try {
        if (await schedule.exists()) continue;
        await schedule.upsert();
        this.o.log.warn({ schedule: id }, "job schedule missing from Redis (flushed, restarted empty, or away when it was set): put it back");
      } catch (err) {
        // Redis away: the connection already logs that; the next check tries again.
        this.o.log.debug({ schedule: id, err: err instanceof Error ? err.message : String(err) }, "could not check a job schedule");
      }
    }
  }
}
