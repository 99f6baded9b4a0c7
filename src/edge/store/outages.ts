export interface OpenOutage {
  id: number;
  lastHeartbeatAt: number;
  beatsAtDetection: number;
  detectedAt: number;
  alertSentAt: number | null;
}

/** A claim older than this is taken to belong to a cron run that died mid-send. */
const CLAIM_EXPIRY_MS = 5 * 60 * 1000;

export async function readOpenOutage(db: D1Database): Promise<OpenOutage | undefined> {
  const row = await db
    .prepare(
      `SELECT id, last_heartbeat_at, beats_at_detection, detected_at, alert_sent_at FROM relay_outages
       WHERE recovery_sent_at IS NULL ORDER BY id DESC LIMIT 1`,
    )
    .first<{ id: number; last_heartbeat_at: number; beats_at_detection: number; detected_at: number; alert_sent_at: number | null }>();
  if (!row) return undefined;
  return {
    id: row.id,
    lastHeartbeatAt: row.last_heartbeat_at,
    beatsAtDetection: row.beats_at_detection,
    detectedAt: row.detected_at,
    alertSentAt: row.alert_sent_at,
  };
}

/** The partial unique index keeps this to one open outage even when two cron runs overlap. */
export async function openOutage(db: D1Database, lastHeartbeatAt: number, beats: number, nowMs: number): Promise<void> {
  await db
    .prepare(`INSERT OR IGNORE INTO relay_outages (last_heartbeat_at, beats_at_detection, detected_at) VALUES (?, ?, ?)`)
    .bind(lastHeartbeatAt, beats, nowMs)
    .run();
}

export type OutageText = "alert" | "recovery";

/** True when this run owns sending the text; the row, not the run, decides that a text goes out once. */
export async function claimText(db: D1Database, outageId: number, text: OutageText, nowMs: number): Promise<boolean> {
  const claimed = text === "alert" ? "alert_claimed_at" : "recovery_claimed_at";
  const sent = text === "alert" ? "alert_sent_at" : "recovery_sent_at";
  const result = await db
    .prepare(`UPDATE relay_outages SET ${claimed} = ?1 WHERE id = ?2 AND ${sent} IS NULL AND (${claimed} IS NULL OR ${claimed} < ?3)`)
    .bind(nowMs, outageId, nowMs - CLAIM_EXPIRY_MS)
    .run();
  return result.meta.changes > 0;
}

export async function markTextSent(db: D1Database, outageId: number, text: OutageText, nowMs: number): Promise<void> {
  const sql =
    text === "alert"
      ? `UPDATE relay_outages SET alert_sent_at = ?1 WHERE id = ?2`
      : `UPDATE relay_outages SET recovery_sent_at = ?1, recovered_at = coalesce(recovered_at, ?1) WHERE id = ?2`;
  await db.prepare(sql).bind(nowMs, outageId).run();
}

export async function releaseClaim(db: D1Database, outageId: number, text: OutageText): Promise<void> {
  const claimed = text === "alert" ? "alert_claimed_at" : "recovery_claimed_at";
  await db.prepare(`UPDATE relay_outages SET ${claimed} = NULL WHERE id = ?`).bind(outageId).run();
}

/** Home came back before anyone was told it had gone: close the outage without texting either way. */
export async function closeSilently(db: D1Database, outageId: number, nowMs: number): Promise<void> {
  await db
    .prepare(`UPDATE relay_outages SET recovered_at = ?1, recovery_sent_at = ?1 WHERE id = ?2 AND alert_sent_at IS NULL AND alert_claimed_at IS NULL`)
    .bind(nowMs, outageId)
    .run();
}
