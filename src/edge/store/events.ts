/** D1 access for relayed webhooks. Times are epoch milliseconds in the store and ISO strings on the wire. */
export type EventSource = "twilio-status" | "twilio-inbound" | "seam";

export interface NewRelayEvent {
  source: EventSource;
  providerEventId: string;
  path: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  receivedAt: number;
}

/** A stored event as the relay hands it to the home server: its sequence and id added, its time as an ISO string. */
export type StoredRelayEvent = Omit<NewRelayEvent, "receivedAt"> & { seq: number; id: string; receivedAt: string };

interface EventRow {
  seq: number;
  id: string;
  source: EventSource;
  provider_event_id: string;
  path: string;
  url: string;
  headers: string;
  body: string;
  received_at: number;
}

/** Inserts unless the provider already sent this event; false means a replay (nothing stored). */
export async function storeEvent(db: D1Database, event: NewRelayEvent): Promise<{ stored: boolean; id: string }> {
  const id = `rev_${event.receivedAt.toString(36)}${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;
  const result = await db
    .prepare(
      `INSERT INTO relay_events (id, source, provider_event_id, path, url, headers, body, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source, provider_event_id) DO NOTHING`,
    )
    .bind(id, event.source, event.providerEventId, event.path, event.url, JSON.stringify(event.headers), event.body, event.receivedAt)
    .run();
  return { stored: result.meta.changes > 0, id };
}

export async function pendingEventsAfter(db: D1Database, afterSeq: number, limit: number): Promise<StoredRelayEvent[]> {
  const { results } = await db
    .prepare(
      `SELECT seq, id, source, provider_event_id, path, url, headers, body, received_at FROM relay_events
       WHERE acked_at IS NULL AND seq > ? ORDER BY seq LIMIT ?`,
    )
    .bind(afterSeq, limit)
    .all<EventRow>();
  return results.map((row) => ({
    seq: row.seq,
    id: row.id,
    source: row.source,
    providerEventId: row.provider_event_id,
    path: row.path,
    url: row.url,
    headers: JSON.parse(row.headers) as Record<string, string>,
    body: row.body,
    receivedAt: new Date(row.received_at).toISOString(),
  }));
}

/**
 * Marks events delivered and drops their payload at once (inbound texts carry phone numbers); the row itself
 * stays until the purge so a late replay of the same provider event is still recognised.
 */
export async function ackEvents(db: D1Database, ids: readonly string[], nowMs: number): Promise<number> {
  if (ids.length === 0) return 0;
  const statements = ids.map((id) =>
    db.prepare(`UPDATE relay_events SET acked_at = ?, headers = '{}', body = '' WHERE id = ? AND acked_at IS NULL`).bind(nowMs, id),
  );
  const results = await db.batch(statements);
  return results.reduce((sum, r) => sum + r.meta.changes, 0);
}

export async function purgeEventsBefore(db: D1Database, cutoffMs: number): Promise<number> {
  const result = await db.prepare(`DELETE FROM relay_events WHERE received_at < ?`).bind(cutoffMs).run();
  return result.meta.changes;
}
