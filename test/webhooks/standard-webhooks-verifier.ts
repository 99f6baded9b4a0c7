import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

/**
 * A receiver's check of a Standard Webhooks signature, written from the spec (standardwebhooks.com) and not from
 * staykey's signer: the secret is `whsec_` + base64 key bytes; the signed content is `${webhook-id}.${webhook-timestamp}.${body}`;
 * `webhook-signature` holds space-separated `v1,<base64 HMAC-SHA256>` entries, any one of which may match.
 */
export function verifyStandardWebhook(secret: string, headers: IncomingHttpHeaders, rawBody: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const id = headers["webhook-id"];
  const timestamp = headers["webhook-timestamp"];
  const signatures = headers["webhook-signature"];
  if (typeof id !== "string" || typeof timestamp !== "string" || typeof signatures !== "string") return false;
  if (!/^\d+$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) return false;
  if (!secret.startsWith("whsec_")) return false;
  const key = Buffer.from(secret.slice("whsec_".length), "base64");
  const expected = createHmac("sha256", key).update(`${id}.${timestamp}.${rawBody}`, "utf8").digest();
  return signatures.split(" ").some((entry) => {
    const [version, value] = entry.split(",");
    if (version !== "v1" || !value) return false;
    const given = Buffer.from(value, "base64");
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
