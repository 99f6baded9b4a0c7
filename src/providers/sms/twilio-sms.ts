import twilio from "twilio";
import { DeliveryError } from "./delivery-error";
import { toDeliveryError } from "./twilio-errors";
import { traceTwilioCall, TwilioHttpClient } from "./twilio-http-client";
import { mapTwilioStatus } from "./twilio-status";
import type { SmsMessage, SmsSender, SmsSendResult } from "./types";

export interface TwilioSmsConfig {
  accountSid: string;
  authToken: string;
  /** Sender number (E.164). Exactly one of `from` and `messagingServiceSid`. */
  from?: string;
  messagingServiceSid?: string;
  /**
   * Sends API calls to this base instead of https://api.twilio.com (TWILIO_API_BASE_URL): a
   * proxy or gateway in production, the loopback emulator in tests.
   */
  apiBaseUrl?: string;
  /** Per-request timeout; the SDK's default is 30 s, too long for a job holding a lease. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 15_000;

export function createTwilioSmsSender(config: TwilioSmsConfig): SmsSender {
  if (Boolean(config.from) === Boolean(config.messagingServiceSid)) {
    throw new Error("Twilio SMS needs exactly one of `from` and `messagingServiceSid`");
  }
  const httpClient = new TwilioHttpClient({
    apiBaseUrl: config.apiBaseUrl,
    timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
  // autoRetry stays off: retries belong to the job (backoff, attempts, audit), not hidden in the SDK.
  const client = twilio(config.accountSid, config.authToken, { httpClient });
  const sender = config.from ? { from: config.from } : { messagingServiceSid: config.messagingServiceSid! };

  return {
    async send(message: SmsMessage): Promise<SmsSendResult> {
      const { trace, result, error } = await traceTwilioCall(() =>
        client.messages.create({
          to: message.to,
          body: message.body,
          ...sender,
          ...(message.statusCallbackUrl ? { statusCallback: message.statusCallbackUrl } : {}),
        }),
      );
      if (error !== undefined || !result) throw toDeliveryError(error, trace.retryAfterMs);
      // A sid means Twilio has the message: an unfamiliar status must not lead to a retry (a second SMS).
      const status = mapTwilioStatus(result.status) ?? "queued";
      if (status === "failed") {
        const code = result.errorCode ? String(result.errorCode) : undefined;
        throw new DeliveryError({ kind: "permanent", provider: "twilio", ...(code ? { code } : {}) });
      }
      return { providerId: result.sid, status };
    },
  };
}
