import { and, eq, isNull, lt, or } from "drizzle-orm";
import type { Config } from "../../config";
import type { ConnectionRow } from "../../db/rows";
import { locks, providerConnections } from "../../db/schema";
import { recordLockCall } from "../../lib/metrics";
import { connectionAad, storedSeamConnectionConfig } from "../../providers/locks/connection-config";
import { isProviderError } from "../../providers/locks/provider-error";
import { SeamLockProvider } from "../../providers/locks/seam";
import type { OnProviderCall } from "../../providers/locks/types";
import { recordAudit } from "../audit/record-audit";
import type { ServiceDeps } from "../deps";
import { receiveSeamEvent } from "../health/seam-events";

const MINUTE = 60_000;
/** Seam's own default and cap for one `/events/list` answer. */
const PAGE_SIZE = 500;
/** A burst bigger than this many pages waits for the next poll, which resumes where this one stopped. */
const MAX_PAGES = 10;
/**
 * Each poll re-reads the last few minutes before its cursor: `since` is exclusive, several events can share one
 * `created_at`, and an event can become listable a moment after a later one. What it has seen is skipped by id.
 */
const OVERLAP_MS = 5 * MINUTE;
/** A connection's first poll looks back to its creation, but never more than a day. */
const FIRST_POLL_LOOKBACK_MS = 24 * 60 * MINUTE;
const DEFAULT_POLL_SECONDS = 60;

/**
 * How often each Seam connection's events are polled, or null for never. `STAYKEY_SEAM_EVENT_POLL_SECONDS` when set
 * (0: never); otherwise every minute when no Seam webhook is configured (an install with no public URL), and never
 * when one is, since the webhook already brings every event at once.
 */
export function seamEventPollMs(config: Pick<Config, "STAYKEY_SEAM_EVENT_POLL_SECONDS" | "SEAM_WEBHOOK_SECRET">): number | null {
  const seconds = config.STAYKEY_SEAM_EVENT_POLL_SECONDS ?? (config.SEAM_WEBHOOK_SECRET ? 0 : DEFAULT_POLL_SECONDS);
  return seconds > 0 ? seconds * 1000 : null;
}

export interface SeamPollResult {
  /** Events Seam listed (the overlap re-read included). */
  listed: number;
  /** Of those, events not seen before by this connection's poll. */
  fresh: number;
  /** False when Seam did not answer (recorded on the connection; the next poll retries). */
  ok: boolean;
}

/**
 * One poll of a Seam connection's `/events/list`, for installs that get no webhooks: every event since the
 * connection's cursor goes through the same intake as the webhook (`receiveSeamEvent`), so a webhook and a poll of the
 * same event store one door event, and the cursor moves past an event only once all of its page has been stored. A
 * connection with no lock yet is not polled: none of its events could concern staykey.
 */
export async function pollSeamEvents(deps: ServiceDeps, connectionId: string): Promise<SeamPollResult> {
  const result: SeamPollResult = { listed: 0, fresh: 0, ok: true };
  const connection = deps.db.select().from(providerConnections).where(eq(providerConnections.id, connectionId)).get();
  if (!connection || connection.provider !== "seam") return result;
  const lock = deps.db.select({ id: locks.id }).from(locks).where(eq(locks.connectionId, connection.id)).limit(1).get();
  if (!lock) return result;

  const seam = seamFor(deps, connection);
  const now = deps.clock.now();
  let cursor = connection.eventCursor ? new Date(connection.eventCursor) : null;
  let since = cursor
    ? new Date(cursor.getTime() - OVERLAP_MS)
    : new Date(Math.max(connection.createdAt.getTime(), now.getTime() - FIRST_POLL_LOOKBACK_MS) - OVERLAP_MS);
  for (let page = 0; page < MAX_PAGES; page++) {
    let events;
    try {
      events = await seam.listEvents({ since, limit: PAGE_SIZE });
    } catch (err) {
      if (!isProviderError(err)) throw err;
      deps.db.update(providerConnections).set({ lastErrorAt: deps.clock.now(), lastError: err.message.slice(0, 300) }).where(eq(providerConnections.id, connection.id)).run();
      deps.logger.warn({ connectionId: connection.id, kind: err.kind }, "seam events poll failed; the next poll retries");
      return { ...result, ok: false };
    }
    result.listed += events.length;
    for (const event of events) {
      const outcome = await receiveSeamEvent(deps, event.event_id, event, { via: "poll", connectionId: connection.id });
      if (outcome !== "duplicate") result.fresh++;
    }
    const newest = events.length ? new Date(events[events.length - 1]!.created_at) : null;
    if (newest && (!cursor || newest > cursor)) {
      cursor = newest;
      advanceCursor(deps, connection.id, newest);
    }
    // A full page may have more behind it; stop when Seam had no more, or when a page brought nothing newer.
    if (events.length < PAGE_SIZE || !newest || newest <= since) break;
    since = newest;
  }
  deps.db.update(providerConnections).set({ lastSuccessAt: deps.clock.now() }).where(eq(providerConnections.id, connection.id)).run();
  return result;
}

/** Only forward: two polls of one connection that overlap (two workers, a slow one) cannot move it back. */
function advanceCursor(deps: Pick<ServiceDeps, "db">, connectionId: string, to: Date): void {
  const value = to.toISOString();
  deps.db.update(providerConnections).set({ eventCursor: value })
    .where(and(eq(providerConnections.id, connectionId), or(isNull(providerConnections.eventCursor), lt(providerConnections.eventCursor, value)))).run();
}

/**
 * The connection's Seam adapter. A poll every minute would put 1,440 rows a day in the audit log, so only a failed call
 * is audited (every call is still counted in the provider call metrics), against the connection.
 */
function seamFor(deps: ServiceDeps, connection: ConnectionRow): SeamLockProvider {
  const { apiKey } = storedSeamConnectionConfig.parse(JSON.parse(deps.box.decrypt(connection.configEnc, connectionAad(connection.id))));
  const onCall: OnProviderCall = (call) => {
    recordLockCall(call);
    if (call.status === "ok") return;
    recordAudit(deps.db, deps.clock, {
      accountId: connection.accountId, actor: "system", action: `connection.${call.action}`, subjectType: "connection", subjectId: connection.id,
      outcome: "error", provider: call.provider, ...(call.requestId ? { providerRequestId: call.requestId } : {}), detail: { status: call.status, ms: call.ms },
    });
  };
  return new SeamLockProvider({ apiKey, baseUrl: deps.config.SEAM_API_URL, onCall });
}
