import type { WebhookEndpointRow } from "../../db/rows";
import type { SecretBox } from "../../lib/crypto";

// Associated data binds each sealed value to its endpoint and field: a secret copied onto another row will not open.
export const endpointUrlAd = (endpointId: string) => `webhook-endpoint:${endpointId}:url`;
export const endpointSecretAd = (endpointId: string) => `webhook-endpoint:${endpointId}:secret`;

export const openEndpointUrl = (box: SecretBox, row: Pick<WebhookEndpointRow, "id" | "urlEnc">) => box.decrypt(row.urlEnc, endpointUrlAd(row.id));

/**
 * The URL as the API and the dashboard show it once registered: scheme and host only (`https://hooks.example.com/…`).
 * Receivers often take their token in the path or query (Zapier, Slack, Make), and a listing is read by every member
 * and every read-only key, so the rest is never shown again, like a feed URL.
 */
export function shownEndpointUrl(box: SecretBox, row: Pick<WebhookEndpointRow, "id" | "urlEnc">): string {
  const url = new URL(openEndpointUrl(box, row));
  return `${url.protocol}//${url.host}/…`;
}

/** The secrets that sign a delivery now: the current one, and the previous one until its grace period ends. */
export function signingSecrets(box: SecretBox, row: WebhookEndpointRow, now: Date): string[] {
  const secrets = [box.decrypt(row.secretEnc, endpointSecretAd(row.id))];
  if (row.previousSecretEnc && row.previousSecretUntil && row.previousSecretUntil.getTime() > now.getTime()) {
    secrets.push(box.decrypt(row.previousSecretEnc, endpointSecretAd(row.id)));
  }
  return secrets;
}
