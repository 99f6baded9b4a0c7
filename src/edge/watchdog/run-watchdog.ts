import type { EdgeConfig } from "../env";
import { readHeartbeat } from "../store/heartbeat";
import { claimText, closeSilently, markTextSent, openOutage, readOpenOutage, releaseClaim, type OutageText } from "../store/outages";
import { checkInsAtRisk, outageText, recoveryText } from "./messages";
import { sendHostSms } from "./send-sms";

export type WatchdogOutcome =
  | "never_connected"
  | "healthy"
  | "outage_texted"
  | "outage_ongoing"
  | "recovery_texted"
  | "recovered_quietly"
  | "text_failed"
  | "text_in_flight";

/**
 * One cron tick. An outage starts when the last heartbeat is older than the timeout and ends at the first
 * heartbeat after it was detected (a pull counter, not a clock, so the edge's clock and the cron's
 * scheduled time never have to agree). Each outage row is claimed before texting, so overlapping ticks
 * send one outage text and one recovery text; a failed send is retried on the next tick.
 */
export async function runWatchdog(db: D1Database, config: EdgeConfig, nowMs: number, fetcher?: typeof fetch): Promise<WatchdogOutcome> {
  const heartbeat = await readHeartbeat(db);
  // A relay home has never pulled from is not set up yet; texting about it would be noise.
  if (!heartbeat) return "never_connected";

  let outage = await readOpenOutage(db);
  if (!outage) {
    if (nowMs - heartbeat.lastAt <= config.HEARTBEAT_TIMEOUT_MINUTES * 60_000) return "healthy";
    await openOutage(db, heartbeat.lastAt, heartbeat.beats, nowMs);
    outage = await readOpenOutage(db);
    if (!outage) return "healthy";
  }
  const resumed = heartbeat.beats > outage.beatsAtDetection;

  if (outage.alertSentAt === null) {
    if (resumed) {
      await closeSilently(db, outage.id, nowMs);
      return "recovered_quietly";
    }
    const risky = checkInsAtRisk(heartbeat.nextCheckIns, outage.lastHeartbeatAt, nowMs, config.CHECK_IN_WARNING_HOURS);
    const text = outageText({
      lastHeartbeatAt: outage.lastHeartbeatAt,
      nowMs,
      timeZone: config.HOST_TIMEZONE,
      checkInsAtRisk: risky,
      warningHours: config.CHECK_IN_WARNING_HOURS,
    });
    return sendOnce(db, config, outage.id, "alert", text, nowMs, fetcher);
  }
  if (!resumed) return "outage_ongoing";
  return sendOnce(db, config, outage.id, "recovery", recoveryText(heartbeat.lastAt, outage.lastHeartbeatAt, config.HOST_TIMEZONE), nowMs, fetcher);
}

async function sendOnce(
  db: D1Database,
  config: EdgeConfig,
  outageId: number,
  kind: OutageText,
  text: string,
  nowMs: number,
  fetcher: typeof fetch | undefined,
): Promise<WatchdogOutcome> {
  if (!(await claimText(db, outageId, kind, nowMs))) return "text_in_flight";
  const result = await sendHostSms(config, text, fetcher);
  if (!result.ok) {
    await releaseClaim(db, outageId, kind);
    console.warn(JSON.stringify({ msg: "watchdog text failed", kind, outageId, reason: result.reason }));
    return "text_failed";
  }
  await markTextSent(db, outageId, kind, nowMs);
  console.info(JSON.stringify({ msg: "watchdog text sent", kind, outageId, twilioSid: result.sid }));
  return kind === "alert" ? "outage_texted" : "recovery_texted";
}
