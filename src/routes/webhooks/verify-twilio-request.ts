import type { Context } from "hono";
import type { Config } from "../../config";
import { verifyTwilioSignature } from "../../lib/webhooks/twilio-signature";
import { ApiError } from "../problem";

/** Twilio's bodies are a few hundred bytes; anything near this is not Twilio. */
const MAX_BODY_BYTES = 64 * 1024;

/**
 * Reads a Twilio webhook's form body and checks X-Twilio-Signature against the exact public URL Twilio was given
 * (STAYKEY_PUBLIC_URL + path + query), never one rebuilt from Host headers a proxy or an attacker controls. Without
 * a public URL or an auth token there is nothing to verify against, so the request is refused (503) rather than
 * accepted unsigned.
 */
export async function verifiedTwilioParams(c: Context, config: Pick<Config, "STAYKEY_PUBLIC_URL" | "TWILIO_AUTH_TOKEN">): Promise<URLSearchParams> {
  const base = config.STAYKEY_PUBLIC_URL;
  if (!base || !config.TWILIO_AUTH_TOKEN) {
    throw new ApiError(503, "webhook_not_configured", "Webhook not configured", "set STAYKEY_PUBLIC_URL and TWILIO_AUTH_TOKEN so Twilio webhooks can be verified");
  }
  const declared = Number(c.req.header("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw new ApiError(413, "payload_too_large", "Payload too large");
  const raw = await c.req.text();
  if (Buffer.byteLength(raw) > MAX_BODY_BYTES) throw new ApiError(413, "payload_too_large", "Payload too large");
  const params = new URLSearchParams(raw);
  const requestUrl = new URL(c.req.url);
  const url = `${base}${requestUrl.pathname}${requestUrl.search}`;
  if (!verifyTwilioSignature({ authToken: config.TWILIO_AUTH_TOKEN, url, params, signature: c.req.header("x-twilio-signature") })) {
    throw new ApiError(403, "invalid_signature", "Invalid signature", "X-Twilio-Signature does not match this request");
  }
  return params;
}
