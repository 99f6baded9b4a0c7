import type { WebhookEndpointRow } from "../../db/rows";
import type { SecretBox } from "../../lib/crypto";

// Associated data binds each sealed value to its endpoint and field: a secret copied onto another row will not open.
export const endpointUrlAd = (endpointId: string) => `webhook-endpoint:${endpointId}:url`;
export const endpointSecretAd = (endpointId: string) => `webhook-endpoint:${endpointId}:secret`;

export const openEndpointUrl = (box: SecretBox, row: Pick<WebhookEndpointRow, "id" | "urlEnc">) => box.decrypt(row.urlEnc, endpointUrlAd(row.id));

/** The secrets that sign a delivery now: the current one, and the previous one until its grace period ends. */
export function signingSecrets(box: SecretBox, row: WebhookEndpointRow, now: Date): string[] {
  const secrets = [box.decrypt(row.secretEnc, endpointSecretAd(row.id))];
  if (row.previousSecretEnc && row.previousSecretUntil && row.previousSecretUntil.getTime() > now.getTime()) {
    secrets.push(box.decrypt(row.previousSecretEnc, endpointSecretAd(row.id)));
  }
  return secrets;
}
