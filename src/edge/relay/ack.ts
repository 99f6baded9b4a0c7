import type { Context } from "hono";
import type { EdgeEnv } from "../hono-env";
import { ackEvents } from "../store/events";
import { recordHeartbeat } from "../store/heartbeat";

const MAX_IDS = 500;

/** `POST /relay/ack {ids}`: home processed these; acknowledging twice is harmless. */
export async function ackRelayEvents(c: Context<EdgeEnv>): Promise<Response> {
  const ids = readIds(await c.req.json().catch(() => undefined));
  if (!ids) return c.json({ error: "invalid_body" }, 400);
  const now = Date.now();
  const acked = await ackEvents(c.env.DB, ids, now);
  await recordHeartbeat(c.env.DB, now, undefined);
  return c.json({ acked });
}

function readIds(body: unknown): string[] | undefined {
  if (typeof body !== "object" || body === null || !Array.isArray((body as { ids?: unknown }).ids)) return undefined;
  const ids = (body as { ids: unknown[] }).ids;
  if (ids.length > MAX_IDS || !ids.every((id) => typeof id === "string" && id.length > 0 && id.length <= 64)) return undefined;
  return ids as string[];
}
