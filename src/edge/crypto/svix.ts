import { svixKey, svixSignedContent } from "../../lib/webhooks/signed-content";
import { constantTimeEqual, hmacBase64 } from "./encoding";

/**
 * Svix signatures (Seam's webhooks) on Web Crypto: HMAC-SHA256 keyed with the base64 part of `whsec_<base64>`
 * over `${svix-id}.${svix-timestamp}.${rawBody}` (lib/webhooks/signed-content, shared with the home server's
 * lib/webhooks/svix, which re-verifies the very same headers), sent as space-separated `v1,<base64>` entries.
 */
export const SVIX_TOLERANCE_SECONDS = 5 * 60;

export type SvixRejection = "missing_headers" | "invalid_secret" | "invalid_timestamp" | "timestamp_out_of_range" | "no_matching_signature";

export type SvixVerification = { ok: true; id: string } | { ok: false; reason: SvixRejection };

export async function verifySvix(input: {
  secret: string;
  headers: Headers;
  rawBody: string;
  nowMs: number;
  toleranceSeconds?: number;
}): Promise<SvixVerification> {
  const id = input.headers.get("svix-id");
  const timestamp = input.headers.get("svix-timestamp");
  const signatures = input.headers.get("svix-signature");
  if (!id || !timestamp || !signatures) return { ok: false, reason: "missing_headers" };
  const key = svixKey(input.secret);
  if (!key) return { ok: false, reason: "invalid_secret" };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: "invalid_timestamp" };
  // The window is what limits replays of a captured request; inside it the store's unique event id does.
  const tolerance = input.toleranceSeconds ?? SVIX_TOLERANCE_SECONDS;
  if (Math.abs(Number(timestamp) - Math.floor(input.nowMs / 1000)) > tolerance) return { ok: false, reason: "timestamp_out_of_range" };

  const expected = await computeSvixSignature(key, id, timestamp, input.rawBody);
  let matched = false;
  for (const entry of signatures.split(" ")) {
    const [version, signature] = entry.split(",", 2);
    if (version === "v1" && signature && constantTimeEqual(expected, signature)) matched = true;
  }
  return matched ? { ok: true, id } : { ok: false, reason: "no_matching_signature" };
}

export function computeSvixSignature(key: Uint8Array<ArrayBuffer>, id: string, timestamp: string, rawBody: string): Promise<string> {
  return hmacBase64("SHA-256", key, svixSignedContent(id, timestamp, rawBody));
}

export { svixKey };
