import type { Context } from "hono";
import { verifyTwilioSignature } from "../crypto/twilio-signature";
import type { EdgeEnv } from "../hono-env";
import { storeEvent, type EventSource } from "../store/events";
import { readCappedText } from "./read-body";
import { pickHeaders, refuse, signedUrl } from "./respond";

const RELAYED_HEADERS = ["content-type", "x-twilio-signature", "i-twilio-idempotency-token"] as const;

/** Empty TwiML: the edge cannot wait for home to decide on a reply, and Twilio handles STOP/START itself. */
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

export function twilioIngress(source: Extract<EventSource, "twilio-status" | "twilio-inbound">) {
  return async (c: Context<EdgeEnv>): Promise<Response> => {
    const { TWILIO_AUTH_TOKEN, PUBLIC_URL } = c.get("config");
    if (!TWILIO_AUTH_TOKEN) return refuse(c, 503, "twilio_not_configured");
    if (!(c.req.header("content-type") ?? "").toLowerCase().startsWith("application/x-www-form-urlencoded")) {
      return refuse(c, 415, "expected_form_body");
    }
    const body = await readCappedText(c.req.raw);
    if (!body.ok) return refuse(c, body.status, body.reason);

    const params = new URLSearchParams(body.text);
    const url = signedUrl(c.req.url, PUBLIC_URL);
    const signature = c.req.header("x-twilio-signature");
    if (!(await verifyTwilioSignature({ authToken: TWILIO_AUTH_TOKEN, url, params, signature }))) {
      return refuse(c, 403, "invalid_signature");
    }

    const providerEventId = twilioEventId(source, params, c.req.header("i-twilio-idempotency-token"));
    if (!providerEventId) return refuse(c, 400, "missing_event_id");
    const requestUrl = new URL(c.req.url);
    const { stored } = await storeEvent(c.env.DB, {
      source,
      providerEventId,
      path: requestUrl.pathname + requestUrl.search,
      url,
      headers: pickHeaders(c.req.raw.headers, RELAYED_HEADERS),
      body: body.text,
      receivedAt: Date.now(),
    });
    // A replay of an event already held answers 200 like the first time, so Twilio's own retries stop,
    // but nothing is stored or relayed twice.
    c.header("x-relay-duplicate", stored ? "false" : "true");
    if (source === "twilio-inbound") return c.body(EMPTY_TWIML, 200, { "content-type": "text/xml; charset=utf-8" });
    return c.body(null, 204);
  };
}

/**
 * One id per provider event: a status callback is one message reaching one status; an inbound text is its
 * MessageSid. Twilio's idempotency token is the fallback for payloads without a MessageSid.
 */
export function twilioEventId(source: EventSource, params: URLSearchParams, idempotencyToken: string | undefined): string | undefined {
  const sid = params.get("MessageSid") ?? params.get("SmsSid");
  if (sid && source === "twilio-status") {
    const status = params.get("MessageStatus") ?? params.get("SmsStatus");
    if (status) return `${sid}:${status}`;
  }
  if (sid && source === "twilio-inbound") return sid;
  return idempotencyToken || undefined;
}
