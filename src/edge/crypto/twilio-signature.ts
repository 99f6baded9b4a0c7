import { twilioSignedContent } from "../../lib/webhooks/signed-content";
import { constantTimeEqual, hmacBase64, utf8Bytes } from "./encoding";

/**
 * Twilio's X-Twilio-Signature on Web Crypto: base64 HMAC-SHA1 keyed with the AuthToken over the public URL
 * Twilio called followed by every form parameter as key+value, keys sorted, repeated keys contributing each
 * distinct value sorted. The signed content is lib/webhooks/signed-content's, which the home server's node:crypto
 * verifier (lib/webhooks/twilio-signature) uses too; test/edge checks both give identical signatures.
 */
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
