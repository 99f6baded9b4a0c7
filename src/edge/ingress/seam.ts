import type { Context } from "hono";
import { verifySvix } from "../crypto/svix";
import type { EdgeEnv } from "../hono-env";
import { storeEvent } from "../store/events";
import { readCappedText } from "./read-body";
import { pickHeaders, refuse, signedUrl } from "./respond";

const RELAYED_HEADERS = ["content-type", "svix-id", "svix-timestamp", "svix-signature"] as const;

export async function seamIngress(c: Context<EdgeEnv>): Promise<Response> {
  const { SEAM_WEBHOOK_SECRET, PUBLIC_URL } = c.get("config");
  if (!SEAM_WEBHOOK_SECRET) return refuse(c, 503, "seam_not_configured");
  const body = await readCappedText(c.req.raw);
  if (!body.ok) return refuse(c, body.status, body.reason);

  const now = Date.now();
  const verification = await verifySvix({ secret: SEAM_WEBHOOK_SECRET, headers: c.req.raw.headers, rawBody: body.text, nowMs: now });
  if (!verification.ok) {
    if (verification.reason === "invalid_secret") return refuse(c, 503, "seam_not_configured");
    return refuse(c, verification.reason === "no_matching_signature" ? 403 : 400, verification.reason);
  }

  const url = new URL(c.req.url);
  const { stored } = await storeEvent(c.env.DB, {
    source: "seam",
    providerEventId: verification.id,
    path: url.pathname + url.search,
    url: signedUrl(c.req.url, PUBLIC_URL),
    headers: pickHeaders(c.req.raw.headers, RELAYED_HEADERS),
    body: body.text,
    receivedAt: now,
  });
  // Svix retries a message with the same svix-id: answer 200 so it stops, store and relay it once.
  c.header("x-relay-duplicate", stored ? "false" : "true");
  return c.body(null, 204);
}
