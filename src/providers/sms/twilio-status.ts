import type { DeliveryErrorKind } from "./delivery-error";
import type { MessageDeliveryStatus } from "./types";

/** Twilio's message statuses (Messages API and status callbacks) in provider-neutral terms. */
const STATUS_BY_TWILIO: Readonly<Record<string, MessageDeliveryStatus>> = {
  accepted: "queued",
  scheduled: "queued",
  queued: "queued",
  sending: "queued",
  sent: "sent",
  delivered: "delivered",
  read: "delivered",
  undelivered: "failed",
  failed: "failed",
  canceled: "failed",
};

export function mapTwilioStatus(status: string): MessageDeliveryStatus | undefined {
  return STATUS_BY_TWILIO[status];
}

// Carrier-side codes a status callback carries on undelivered/failed.
const KIND_BY_CALLBACK_CODE: Readonly<Record<string, DeliveryErrorKind>> = {
  "30003": "transient", // unreachable handset: off or out of coverage, may work later
  "30004": "permanent", // message blocked
  "30005": "invalid_recipient", // unknown or inactive number
  "30006": "invalid_recipient", // landline or unreachable carrier
  "30007": "permanent", // carrier filtered it as spam
  "30008": "transient", // unknown error
};

export interface TwilioStatusCallback {
  providerId: string;
  /** Twilio's own status word, for the audit trail. */
  twilioStatus: string;
  status: MessageDeliveryStatus;
  errorCode?: string;
  failureKind?: DeliveryErrorKind;
}

/**
 * Reads a status callback's form body (after its signature was verified). Returns undefined for
 * a body that is not a message status callback. Callbacks can arrive out of order: the caller
 * must only ever move a message's status forward.
 */
export function parseTwilioStatusCallback(params: URLSearchParams): TwilioStatusCallback | undefined {
  const providerId = params.get("MessageSid") ?? params.get("SmsSid");
  const twilioStatus = params.get("MessageStatus") ?? params.get("SmsStatus");
  if (!providerId || !twilioStatus) return undefined;
  const status = mapTwilioStatus(twilioStatus);
  if (!status) return undefined;
  const errorCode = params.get("ErrorCode") ?? undefined;
  const callback: TwilioStatusCallback = { providerId, twilioStatus, status };
  if (errorCode) {
    callback.errorCode = errorCode;
    callback.failureKind = KIND_BY_CALLBACK_CODE[errorCode] ?? "permanent";
  }
  return callback;
}
