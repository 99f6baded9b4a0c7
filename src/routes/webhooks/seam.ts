import type { Context, Env, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { verifySvix, type SvixRejection } from "../../lib/webhooks/svix";
import { receiveSeamEvent } from "../../services/health/seam-events";
import { ApiError, problemResponse } from "../problem";
import type { ServiceDeps } from "../../services/deps";

/** Seam events are a few hundred bytes; anything far larger is not one of them. */
const MAX_BODY_BYTES = 64 * 1024;

const REJECTION_STATUS: Record<SvixRejection, ContentfulStatusCode> = {
  missing_headers: 400,
  invalid_timestamp: 400,
  timestamp_too_old: 400,
  timestamp_too_new: 400,
  no_matching_signature: 403,
  invalid_secret: 503,
};

const refuse = (c: Context, status: ContentfulStatusCode, code: string, detail: string) => problemResponse(c, new ApiError(status, code, "Webhook refused", detail));

/**
 * POST /webhooks/seam. The Svix signature is checked on the raw bytes before anything is parsed, the timestamp must
 * be within tolerance (a captured request cannot be replayed later), and the event id is recorded so Svix's own
 * retries and replays inside the window are acknowledged without acting twice.
 */
export function registerSeamWebhook<E extends Env>(app: Hono<E>, deps: ServiceDeps): void {
  app.post(
    "/webhooks/seam",
    bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => refuse(c, 413, "payload_too_large", `Seam events are limited to ${MAX_BODY_BYTES} bytes`) }),
    async (c) => {
      const secret = deps.config.SEAM_WEBHOOK_SECRET;
      if (!secret) return refuse(c, 503, "seam_not_configured", "SEAM_WEBHOOK_SECRET is not set");
      const raw = new Uint8Array(await c.req.arrayBuffer());
      // An event the edge relay held while home was offline is judged at the moment the edge received (and
      // verified) it; only an in-process dispatch can set that, never a request from the network.
      const relayedAt = (c.env as { relayReceivedAt?: string } | undefined)?.relayReceivedAt;
      const clock = relayedAt ? { now: () => new Date(relayedAt) } : deps.clock;
      const verified = verifySvix({ secret, headers: c.req.raw.headers, rawBody: raw, clock });
      if (!verified.ok) {
        deps.logger.warn({ reason: verified.reason }, "seam webhook refused");
        return refuse(c, REJECTION_STATUS[verified.reason], verified.reason, "signature or timestamp did not verify");
      }
      let body: unknown;
      try {
        body = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(raw));
      } catch {
        return refuse(c, 400, "malformed_event", "the body is not JSON");
      }
      const outcome = await receiveSeamEvent(deps, verified.id, body);
      return c.json({ ok: true, outcome }, 200);
    },
  );
}
