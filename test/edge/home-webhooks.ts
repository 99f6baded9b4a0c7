import { Hono } from "hono";
import type { Clock } from "../../src/lib/clock";
import { verifySvix } from "../../src/lib/webhooks/svix";
import { verifyTwilioSignature } from "../../src/lib/webhooks/twilio-signature";

/**
 * Stand-in for staykey's own webhook routes (not in createApp yet): the same paths, re-verifying the original
 * signatures with the Node verifiers against the relay's public URL, deduping by provider event id, and
 * recording what it processed. Svix's timestamp is judged at the moment the relay received the request,
 * passed in-process through `app.request`'s env, since home may replay it hours later.
 */
export interface ProcessedWebhook {
  path: string;
  eventId: string;
  body: string;
}

export interface HomeEnv {
  Bindings: { relayReceivedAt?: string };
}

export function createHomeWebhooks(options: { relayUrl: string; twilioAuthToken: string; seamSecret: string }) {
  const processed: ProcessedWebhook[] = [];
  const refused: string[] = [];
  const seen = new Set<string>();
  const app = new Hono<HomeEnv>();

  const record = (path: string, eventId: string, body: string): Response => {
    if (!seen.has(eventId)) {
      seen.add(eventId);
      processed.push({ path, eventId, body });
    }
    return new Response(null, { status: 204 });
  };

  app.post("/webhooks/twilio/:kind{status|inbound}", async (c) => {
    const body = await c.req.text();
    const params = new URLSearchParams(body);
    const url = new URL(c.req.path, options.relayUrl).toString();
    if (!verifyTwilioSignature({ authToken: options.twilioAuthToken, url, params, signature: c.req.header("x-twilio-signature") })) {
      refused.push(c.req.path);
      return c.text("invalid signature", 403);
    }
    const sid = params.get("MessageSid") ?? "";
    return record(c.req.path, c.req.param("kind") === "status" ? `${sid}:${params.get("MessageStatus")}` : sid, body);
  });

  app.post("/webhooks/seam", async (c) => {
    const body = await c.req.text();
    const receivedAt = c.env?.relayReceivedAt;
    const clock: Clock = { now: () => (receivedAt ? new Date(receivedAt) : new Date()) };
    const verification = verifySvix({ secret: options.seamSecret, headers: c.req.raw.headers, rawBody: body, clock });
    if (!verification.ok) {
      refused.push(c.req.path);
      return c.text(verification.reason, 403);
    }
    return record(c.req.path, verification.id, body);
  });

  return { app, processed, refused };
}
