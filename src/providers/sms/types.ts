export { DeliveryError, isDeliveryError, type DeliveryErrorKind, type DeliveryProvider } from "./delivery-error";

/** Where a message stands, provider-neutral. `delivered` and `failed` are final. */
export type MessageDeliveryStatus = "queued" | "sent" | "delivered" | "failed";

export interface SmsMessage {
  /** E.164 number. Never log it. */
  to: string;
  body: string;
  /** Public URL the provider should post status changes to (our /webhooks/twilio/status). */
  statusCallbackUrl?: string;
  /**
   * The message row's idempotency key. Twilio's Messages API has no idempotency header, so the
   * provider cannot dedupe for us: exactly-once rests on the caller writing the row first and never
   * calling send twice for one key. Adapters that can pass it on do.
   */
  idempotencyKey: string;
}

export interface SmsSendResult {
  /** The provider's message id (Twilio `SM…` sid); status callbacks refer to it. */
  providerId: string;
  status: MessageDeliveryStatus;
}

/** Throws `DeliveryError` on every failure. */
export interface SmsSender {
  send(message: SmsMessage): Promise<SmsSendResult>;
}
