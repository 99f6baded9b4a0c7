import { createHmac } from "node:crypto";
import { constantTimeEqual } from "../crypto";

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
export type TwilioParams = URLSearchParams | Readonly<Record<string, string | readonly string[]>>;

/** The exact string Twilio signs; kept separate so a Web Crypto port only swaps the HMAC. */
export function twilioSignedContent(url: string, params: TwilioParams): string {
  const grouped = groupParams(params);
  let content = url;
  for (const key of [...grouped.keys()].sort(compareCodeUnits)) {
    const values = [...new Set(grouped.get(key))].sort(compareCodeUnits);
    for (const value of values) content += key + value;
  }
  return content;
}

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


function groupParams(params: TwilioParams): Map<string, string[]> {
  const grouped = new Map<string, string[]>();
  const add = (key: string, value: string) => {
    const list = grouped.get(key);
    if (list) list.push(value);
    else grouped.set(key, [value]);
  };
  if (params instanceof URLSearchParams) {
    for (const [key, value] of params) add(key, value);
  } else {
    for (const [key, value] of Object.entries(params)) {
      if (typeof value === "string") add(key, value);
      else for (const v of value) add(key, v);
    }
  }
  return grouped;
}

// Twilio sorts with JavaScript's default (UTF-16 code unit) order, not a locale collation.
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
