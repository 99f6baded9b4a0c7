import { constantTimeEqual, hmacBase64, utf8Bytes } from "./encoding";

/**
 * Twilio's X-Twilio-Signature on Web Crypto: base64 HMAC-SHA1 keyed with the AuthToken over the public URL
 * Twilio called followed by every form parameter as key+value, keys sorted, repeated keys contributing each
 * distinct value sorted. Mirrors src/lib/webhooks/twilio-signature.ts (node:crypto), which the home server uses
 * to re-verify the same request; test/edge checks both give identical signatures.
 */
export function twilioSignedContent(url: string, params: URLSearchParams): string {
  const grouped = new Map<string, Set<string>>();
  for (const [key, value] of params) {
    const values = grouped.get(key) ?? new Set<string>();
    values.add(value);
    grouped.set(key, values);
  }
  let content = url;
  // Plain `<` comparison: Twilio sorts by UTF-16 code units, not by locale.
  for (const key of [...grouped.keys()].sort(byCodeUnits)) {
    for (const value of [...(grouped.get(key) ?? [])].sort(byCodeUnits)) content += key + value;
  }
  return content;
}

export function computeTwilioSignature(authToken: string, url: string, params: URLSearchParams): Promise<string> {
  return hmacBase64("SHA-1", utf8Bytes(authToken), utf8Bytes(twilioSignedContent(url, params)));
}

export async function verifyTwilioSignature(input: {
  authToken: string;
  url: string;
  params: URLSearchParams;
  signature: string | null | undefined;
}): Promise<boolean> {
  if (!input.signature) return false;
  const expected = await computeTwilioSignature(input.authToken, input.url, input.params);
  return constantTimeEqual(expected, input.signature);
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
