import { createHmac } from "node:crypto";
import { systemClock, type Clock } from "../clock";
import { constantTimeEqual } from "../crypto";
import { svixKey, svixSignedContent } from "./signed-content";

/**
 * Svix webhook signatures, as Seam sends them: `svix-id`, `svix-timestamp` (unix seconds) and
 * `svix-signature` (space-separated `v1,<base64>` entries, several during a secret rotation),
 * HMAC-SHA256 keyed with the base64 part of `whsec_<base64>` over `${id}.${timestamp}.${rawBody}`.
 *
 * Verify on the raw body bytes, before any JSON parsing. The timestamp window bounds how long a
 * captured request stays usable; inside it, replays are the caller's job: dedupe on `svix-id`
 * (it stays the same when Svix retries the same message).
 */
export const SVIX_DEFAULT_TOLERANCE_SECONDS = 5 * 60;

export interface SvixHeaders {
  id: string;
  timestamp: string;
  signature: string;
}

export type SvixRejection =
  | "missing_headers"
  | "invalid_secret"
  | "invalid_timestamp"
  | "timestamp_too_old"
  | "timestamp_too_new"
  | "no_matching_signature";

export type SvixVerification =
  | { ok: true; id: string; timestamp: Date }
  | { ok: false; reason: SvixRejection };

export interface VerifySvixInput {
  secret: string;
  /** A fetch `Headers`, or a plain record with lower-case names (Node's IncomingHttpHeaders works). */
  headers: HeaderSource;
  rawBody: string | Uint8Array;
  clock?: Clock;
  toleranceSeconds?: number;
}

export type HeaderSource =
  | { get(name: string): string | null | undefined }
  | Readonly<Record<string, string | readonly string[] | undefined>>;

export function verifySvix(input: VerifySvixInput): SvixVerification {
  const headers = readSvixHeaders(input.headers);
  if (!headers) return { ok: false, reason: "missing_headers" };
  const key = svixKey(input.secret);
  if (!key) return { ok: false, reason: "invalid_secret" };

  if (!/^\d{1,12}$/.test(headers.timestamp)) return { ok: false, reason: "invalid_timestamp" };
  const sentAt = Number(headers.timestamp);
  const now = Math.floor((input.clock ?? systemClock).now().getTime() / 1000);
  const tolerance = input.toleranceSeconds ?? SVIX_DEFAULT_TOLERANCE_SECONDS;
  if (sentAt < now - tolerance) return { ok: false, reason: "timestamp_too_old" };
  if (sentAt > now + tolerance) return { ok: false, reason: "timestamp_too_new" };

  const expected = svixHmac(key, svixSignedContent(headers.id, headers.timestamp, input.rawBody));
  // Every candidate is compared, so timing does not reveal which entry (if any) matched.
  let matched = false;
  for (const entry of headers.signature.split(" ")) {
    const [version, signature] = entry.split(",", 2);
    if (version !== "v1" || !signature) continue;
    if (constantTimeEqual(expected, signature)) matched = true;
  }
  if (!matched) return { ok: false, reason: "no_matching_signature" };
  return { ok: true, id: headers.id, timestamp: new Date(sentAt * 1000) };
}

export interface SignSvixInput {
  secret: string;
  id: string;
  timestamp: Date;
  rawBody: string | Uint8Array;
}

/** The three headers a Svix sender would attach; tests and local peers use it. */
export function signSvix(input: SignSvixInput): Record<"svix-id" | "svix-timestamp" | "svix-signature", string> {
  const key = svixKey(input.secret);
  if (!key) throw new Error("invalid Svix secret");
  const timestamp = String(Math.floor(input.timestamp.getTime() / 1000));
  const signature = svixHmac(key, svixSignedContent(input.id, timestamp, input.rawBody));
  return { "svix-id": input.id, "svix-timestamp": timestamp, "svix-signature": `v1,${signature}` };
}

/** The base64 HMAC-SHA256 Svix and Standard Webhooks both send after `v1,`. */
export function svixHmac(key: Uint8Array, content: Uint8Array): string {
  return createHmac("sha256", key).update(content).digest("base64");
}

function readSvixHeaders(source: HeaderSource): SvixHeaders | undefined {
  const id = header(source, "svix-id");
  const timestamp = header(source, "svix-timestamp");
  const signature = header(source, "svix-signature");
  if (!id || !timestamp || !signature) return undefined;
  return { id, timestamp, signature };
}

function header(source: HeaderSource, name: string): string | undefined {
  if (typeof source.get === "function") return source.get(name) ?? undefined;
  const value = (source as Readonly<Record<string, string | readonly string[] | undefined>>)[name];
  return typeof value === "string" ? value : value?.[0];
}
