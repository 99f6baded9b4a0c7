export { DeliveryError, isDeliveryError, type DeliveryErrorKind, type DeliveryProvider } from "../sms/delivery-error";

export interface EmailMessage {
  /** A single recipient address. Never log it. */
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** The message row's idempotency key; adapters derive a stable Message-ID from it. */
  idempotencyKey: string;
}

export interface EmailSendResult {
  /** The Message-ID the mail went out with. */
  providerId: string;
}

/** Throws `DeliveryError` on every failure. */
export interface EmailSender {
  send(message: EmailMessage): Promise<EmailSendResult>;
}
