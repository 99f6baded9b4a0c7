import { DeliveryError, type DeliveryErrorKind } from "./delivery-error";

/** Used when Twilio says 429 without a Retry-After; the job's own backoff grows from here. */
export const TWILIO_DEFAULT_RETRY_AFTER_MS = 1_000;

// Codes from https://www.twilio.com/docs/api/errors that need more than the HTTP status says.
const KIND_BY_CODE: Readonly<Record<number, DeliveryErrorKind>> = {
  20003: "auth", // authentication failed
  20005: "auth", // account not active
  20429: "rate_limited",
  14107: "rate_limited", // SMS send rate limit exceeded
  21211: "invalid_recipient", // 'To' number is not a valid phone number
  21217: "invalid_recipient", // phone number does not appear to be valid
  21614: "invalid_recipient", // 'To' number is not a valid mobile number
  21610: "opted_out", // recipient replied STOP
  21408: "permanent", // permission to send to this region not enabled
  21612: "permanent", // cannot route to this number
};

/** The shape of the SDK's RestException / TwilioServiceException and of axios network errors. */
interface TwilioLikeError {
  status?: unknown;
  code?: unknown;
}

/**
 * Turns anything the SDK threw into a DeliveryError. Only the numeric code and status are read:
 * the SDK's message repeats Twilio's text, which can quote the recipient's number.
 */
export function toDeliveryError(error: unknown, retryAfterMs: number | undefined): DeliveryError {
  const { status, code } = (error ?? {}) as TwilioLikeError;
  if (typeof status !== "number") {
    // No HTTP status: the request never completed (refused, reset, timed out).
    const networkCode = typeof code === "string" ? code : "network";
    return new DeliveryError({ kind: "transient", provider: "twilio", code: networkCode });
  }
  const twilioCode = typeof code === "number" ? code : undefined;
  const kind = (twilioCode !== undefined ? KIND_BY_CODE[twilioCode] : undefined) ?? kindFromStatus(status);
  return new DeliveryError({
    kind,
    provider: "twilio",
    code: String(twilioCode ?? status),
    ...(kind === "rate_limited" ? { retryAfterMs: retryAfterMs ?? TWILIO_DEFAULT_RETRY_AFTER_MS } : {}),
  });
}

function kindFromStatus(status: number): DeliveryErrorKind {
  if (status === 401 || status === 403) return "auth";
  if (status === 429) return "rate_limited";
  if (status >= 500 || status === 408) return "transient";
  return "permanent";
}
