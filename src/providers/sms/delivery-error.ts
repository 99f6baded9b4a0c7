/**
 * Why a message could not be handed to a provider, in terms the delivery service acts on:
 * - transient: retry with backoff (5xx, timeouts, connection loss, SMTP 4xx)
 * - rate_limited: retry after `retryAfterMs`
 * - permanent: the provider will refuse this message again; do not retry
 * - invalid_recipient: the number/address itself is bad; do not retry, tell the host
 * - opted_out: the recipient sent STOP; mark them opted out, fall back to another channel
 * - auth: our credentials are wrong; retrying will not help until an operator fixes them
 *
 * The message is built only from the kind and code: vendor messages routinely quote the phone
 * number or address (Twilio's 21211 text does), so they are never carried along, not even as `cause`.
 */
export type DeliveryErrorKind = "transient" | "rate_limited" | "permanent" | "invalid_recipient" | "opted_out" | "auth";

export type DeliveryProvider = "twilio" | "smtp";

export interface DeliveryErrorInit {
  kind: DeliveryErrorKind;
  provider: DeliveryProvider;
  /** Vendor code as a string: Twilio error code ("21211"), SMTP reply code ("550") or transport code ("ETIMEDOUT"). */
  code?: string;
  retryAfterMs?: number;
}

export class DeliveryError extends Error {
  override readonly name = "DeliveryError";
  readonly kind: DeliveryErrorKind;
  readonly provider: DeliveryProvider;
  readonly code?: string;
  readonly retryAfterMs?: number;

  constructor(init: DeliveryErrorInit) {
    super(`${init.provider} delivery failed: ${init.kind}${init.code ? ` (${init.code})` : ""}`);
    this.kind = init.kind;
    this.provider = init.provider;
    if (init.code !== undefined) this.code = init.code;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
  }

  /** Whether the same message may succeed later without anyone changing anything. */
  get retryable(): boolean {
    return this.kind === "transient" || this.kind === "rate_limited";
  }
}

export function isDeliveryError(error: unknown): error is DeliveryError {
  return error instanceof DeliveryError;
}
