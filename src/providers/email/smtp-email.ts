import { createHash } from "node:crypto";
import { createTransport } from "nodemailer";
import { toSmtpDeliveryError } from "./smtp-errors";
import type { EmailMessage, EmailSender, EmailSendResult } from "./types";

export interface SmtpEmailConfig {
  host: string;
  port: number;
  /** true for implicit TLS (smtps, usually 465); false upgrades with STARTTLS when offered. */
  secure: boolean;
  auth?: { user: string; pass: string };
  /** Sender, e.g. `"Staykey <codes@example.com>"`. */
  from: string;
  /** Refuse to send over a plain connection when the server offers no STARTTLS. */
  requireTLS?: boolean;
  /** Connect, greeting and socket timeouts; nodemailer's defaults (up to 10 min) would outlast a job lease. */
  timeoutMs?: number;
}

export interface SmtpEmailSender extends EmailSender {
  /** Checks connection and credentials, e.g. at start; throws DeliveryError. */
  verify(): Promise<void>;
  close(): void;
}

const DEFAULT_TIMEOUT_MS = 30_000;

export function createSmtpEmailSender(config: SmtpEmailConfig): SmtpEmailSender {
  const timeout = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const transport = createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    ...(config.auth ? { auth: { user: config.auth.user, pass: config.auth.pass } } : {}),
    ...(config.requireTLS ? { requireTLS: true } : {}),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    // Message content is ours, but templates take host-entered text: never let it pull in files or URLs.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const domain = senderDomain(config.from);

  return {
    async send(message: EmailMessage): Promise<EmailSendResult> {
      const messageId = `<${createHash("sha256").update(message.idempotencyKey).digest("hex").slice(0, 32)}@${domain}>`;
      try {
        await transport.sendMail({
          from: config.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          ...(message.html !== undefined ? { html: message.html } : {}),
          // Stable per idempotency key, so a resend after an ambiguous failure is recognisably the same mail.
          messageId,
        });
      } catch (error) {
        throw toSmtpDeliveryError(error);
      }
      return { providerId: messageId };
    },
    async verify(): Promise<void> {
      try {
        await transport.verify();
      } catch (error) {
        throw toSmtpDeliveryError(error);
      }
    },
    close(): void {
      transport.close();
    },
  };
}

/** Reads SMTP_URL (`smtp://user:pass@host:587`, `smtps://…:465`) into a config. */
export function smtpConfigFromUrl(smtpUrl: string, from: string): SmtpEmailConfig {
  const url = new URL(smtpUrl);
  const secure = url.protocol === "smtps:";
  const config: SmtpEmailConfig = { host: url.hostname, port: url.port ? Number(url.port) : secure ? 465 : 587, secure, from };
  if (url.username) config.auth = { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) };
  return config;
}

function senderDomain(from: string): string {
  return from.match(/@([A-Za-z0-9.-]+)>?\s*$/)?.[1] ?? "staykey.local";
}
