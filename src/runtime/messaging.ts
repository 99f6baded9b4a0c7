import type { Config } from "../config";
import { createSmtpEmailSender, smtpConfigFromUrl } from "../providers/email/smtp-email";
import type { EmailSender } from "../providers/email/types";
import { createTwilioSmsSender } from "../providers/sms/twilio-sms";
import type { SmsSender } from "../providers/sms/types";

/** Real providers when their settings are present; otherwise null, which delivery treats as the built-in outbox. */
export function messagingFromConfig(config: Config): { sms: SmsSender | null; email: EmailSender | null } {
  const twilioReady = config.TWILIO_ACCOUNT_SID && config.TWILIO_AUTH_TOKEN && (config.TWILIO_FROM || config.TWILIO_MESSAGING_SERVICE_SID);
  const sms = twilioReady
    ? createTwilioSmsSender({
        accountSid: config.TWILIO_ACCOUNT_SID!,
        authToken: config.TWILIO_AUTH_TOKEN!,
        ...(config.TWILIO_FROM ? { from: config.TWILIO_FROM } : { messagingServiceSid: config.TWILIO_MESSAGING_SERVICE_SID! }),
        ...(config.TWILIO_API_BASE_URL ? { apiBaseUrl: config.TWILIO_API_BASE_URL } : {}),
      })
    : null;
  const email = config.SMTP_URL && config.SMTP_FROM ? createSmtpEmailSender(smtpConfigFromUrl(config.SMTP_URL, config.SMTP_FROM)) : null;
  return { sms, email };
}
