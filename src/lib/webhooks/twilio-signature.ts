import { createHmac } from "node:crypto";
import { constantTimeEqual } from "../crypto";
import { twilioSignedContent, type TwilioParams } from "./signed-content";

/**
 * Twilio's request signature (X-Twilio-Signature): base64 HMAC-SHA1, keyed with the account's
 * AuthToken, over the full URL Twilio called followed by every POST parameter as key+value in
 * key order. Repeated keys contribute each distinct value, sorted, as Twilio's own SDK does.
 *
 * The URL must be the public URL configured at Twilio (scheme, host, port, path and query exactly
 * as Twilio saw them), never one rebuilt from the request behind a proxy. A valid signature only
 * proves origin: replays are the caller's job (dedupe by MessageSid + status, or by the
 * I-Twilio-Idempotency-Token header).
 */
export type { TwilioParams };

export function computeTwilioSignature(authToken: string, url: string, params: TwilioParams): string {
  return createHmac("sha1", authToken).update(twilioSignedContent(url, params), "utf8").digest("base64");
}

export interface VerifyTwilioSignatureInput {
  authToken: string;
  /** The public URL configured at Twilio for this webhook. */
  url: string;
  params: TwilioParams;
  /** The X-Twilio-Signature header as received (absent → rejected). */
  signature: string | null | undefined;
}

export function verifyTwilioSignature(input: VerifyTwilioSignatureInput): boolean {
  if (!input.signature) return false;
  const expected = computeTwilioSignature(input.authToken, input.url, input.params);
  return constantTimeEqual(expected, input.signature);
}

