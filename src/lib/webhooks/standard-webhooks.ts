import { randomBytes } from "node:crypto";
import { svixKey, svixSignedContent } from "./signed-content";
import { svixHmac } from "./svix";

/**
 * Signing for outbound webhooks, per the Standard Webhooks spec (the same scheme Svix uses, under `webhook-*` header
 * names): `webhook-signature` is a space-separated list of `v1,<base64 HMAC-SHA256 of "${id}.${timestamp}.${body}">`,
 * keyed with the base64-decoded part of a `whsec_` secret. Several entries while a rotated secret is still honoured.
 */
export type StandardWebhookHeaders = Record<"webhook-id" | "webhook-timestamp" | "webhook-signature", string>;

/** 24 random bytes, as the spec suggests (between 24 and 64), in the `whsec_<base64>` form receivers' libraries take. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

export function signStandardWebhook(input: { secrets: readonly string[]; id: string; timestamp: Date; body: string }): StandardWebhookHeaders {
  const timestamp = String(Math.floor(input.timestamp.getTime() / 1000));
  const content = svixSignedContent(input.id, timestamp, input.body);
  const signatures = input.secrets.map((secret) => {
    const key = svixKey(secret);
    if (!key) throw new Error("invalid webhook secret");
    return `v1,${svixHmac(key, content)}`;
  });
  return { "webhook-id": input.id, "webhook-timestamp": timestamp, "webhook-signature": signatures.join(" ") };
}
