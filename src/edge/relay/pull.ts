import type { Context } from "hono";
import type { EdgeEnv } from "../hono-env";
import { pendingEventsAfter, type StoredRelayEvent } from "../store/events";
import { recordHeartbeat } from "../store/heartbeat";

/** Under Cloudflare's idle limits with room to spare; home simply pulls again. */
export const MAX_WAIT_SECONDS = 25;
const POLL_INTERVAL_MS = 1000;
const MAX_BATCH = 100;
const MAX_CHECK_INS = 50;
export const NEXT_CHECK_INS_HEADER = "x-staykey-next-check-ins";

/**
 * `GET /relay/events?after=<seq>&wait=<seconds>&limit=<n>`: unacknowledged events after the cursor, oldest
 * first, waiting up to `wait` seconds for one to arrive. Every pull is also home's heartbeat.
 */
export async function pullEvents(c: Context<EdgeEnv>): Promise<Response> {
  const after = wholeNumber(c.req.query("after"), 0, Number.MAX_SAFE_INTEGER);
  const wait = wholeNumber(c.req.query("wait"), 0, MAX_WAIT_SECONDS);
  const waitMs = wait === undefined ? undefined : wait * 1000;
  const limit = wholeNumber(c.req.query("limit"), MAX_BATCH, MAX_BATCH);
  if (after === undefined || waitMs === undefined || !limit) return c.json({ error: "invalid_query" }, 400);

  const checkIns = parseCheckIns(c.req.header(NEXT_CHECK_INS_HEADER));
  if (checkIns === null) return c.json({ error: "invalid_next_check_ins" }, 400);
  await recordHeartbeat(c.env.DB, Date.now(), checkIns);

  const deadline = Date.now() + waitMs;
  let events: StoredRelayEvent[] = await pendingEventsAfter(c.env.DB, after, limit);
  while (events.length === 0 && Date.now() + POLL_INTERVAL_MS <= deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
    events = await pendingEventsAfter(c.env.DB, after, limit);
  }
  const cursor = events.at(-1)?.seq ?? after;
  return c.json({ events: events.map((e) => ({ ...e, method: "POST" })), cursor });
}

function wholeNumber(raw: string | undefined, fallback: number, max: number): number | undefined {
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d{1,16}$/.test(raw)) return undefined;
  return Math.min(Number(raw), max);
}

/** Comma-separated ISO instants; undefined when absent (keep the last list), null when malformed. */
export function parseCheckIns(raw: string | undefined): string[] | undefined | null {
  if (raw === undefined) return undefined;
  const parts = raw.split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (parts.length > MAX_CHECK_INS) return null;
  const instants: string[] = [];
  for (const part of parts) {
    const ms = Date.parse(part);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(part) || Number.isNaN(ms)) return null;
    instants.push(new Date(ms).toISOString());
  }
  return instants.sort();
}
