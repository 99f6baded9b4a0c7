export interface Heartbeat {
  lastAt: number;
  beats: number;
  nextCheckIns: string[];
}

/** Each pull from home is a heartbeat; `nextCheckIns` is only replaced when home sent a list. */
export async function recordHeartbeat(db: D1Database, nowMs: number, nextCheckIns: string[] | undefined): Promise<void> {
  const list = nextCheckIns === undefined ? null : JSON.stringify(nextCheckIns);
  await db
    .prepare(
      `INSERT INTO relay_heartbeat (id, last_at, beats, next_check_ins) VALUES (1, ?1, 1, coalesce(?2, '[]'))
       ON CONFLICT (id) DO UPDATE SET last_at = ?1, beats = beats + 1, next_check_ins = coalesce(?2, next_check_ins)`,
    )
    .bind(nowMs, list)
    .run();
}

export async function readHeartbeat(db: D1Database): Promise<Heartbeat | undefined> {
  const row = await db
    .prepare(`SELECT last_at, beats, next_check_ins FROM relay_heartbeat WHERE id = 1`)
    .first<{ last_at: number; beats: number; next_check_ins: string }>();
  if (!row) return undefined;
  return { lastAt: row.last_at, beats: row.beats, nextCheckIns: JSON.parse(row.next_check_ins) as string[] };
}
