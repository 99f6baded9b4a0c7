import type { EdgeBindings } from "../env";
import { readEdgeConfig } from "../env";
import { purgeEventsBefore } from "../store/events";
import { runWatchdog, type WatchdogOutcome } from "./run-watchdog";

/** The Cron Trigger: purge what is past retention, then check home's heartbeat. */
export async function runCron(env: EdgeBindings, scheduledTimeMs: number): Promise<{ purged: number; watchdog: WatchdogOutcome }> {
  const config = readEdgeConfig(env);
  const purged = await purgeEventsBefore(env.DB, scheduledTimeMs - config.RETENTION_DAYS * 86_400_000);
  const watchdog = await runWatchdog(env.DB, config, scheduledTimeMs);
  console.info(JSON.stringify({ msg: "relay cron", purged, watchdog }));
  return { purged, watchdog };
}
