import { DeliveryError, type DeliveryErrorKind } from "./types";

/** The fields nodemailer puts on the errors it throws (see nodemailer's NodemailerError). */
interface SmtpErrorFields {
  code?: unknown;
  command?: unknown;
  response?: unknown;
  responseCode?: unknown;
  permanent?: unknown;
}

const AUTH_CODES = new Set(["EAUTH", "ENOAUTH", "EOAUTH2"]);
// Settings problems: retrying the same message with the same settings fails the same way.
const CONFIG_CODES = new Set(["ECONFIG", "ETLS", "EREQUIRETLS", "EFILEACCESS", "EURLACCESS"]);
const AUTH_REPLIES = new Set([530, 534, 535, 538]);
// RCPT TO replies that mean the mailbox itself is wrong rather than the message or the sender.
const BAD_MAILBOX_REPLIES = new Set([550, 551, 553]);

/**
 * Maps a nodemailer failure to a DeliveryError. SMTP replies follow RFC 5321: 4yz transient,
 * 5yz permanent (503 bad sequence aside, which nodemailer already flags as not permanent).
 * The server's reply text is never carried over: servers commonly quote the address.
 */
export function toSmtpDeliveryError(error: unknown): DeliveryError {
  const e = (error ?? {}) as SmtpErrorFields;
  const transportCode = typeof e.code === "string" ? e.code : undefined;
  const reply = typeof e.responseCode === "number" ? e.responseCode : undefined;
  const kind = classify(transportCode, reply, e);
  const code = reply !== undefined ? String(reply) : transportCode;
  return new DeliveryError({ kind, provider: "smtp", ...(code ? { code } : {}) });
}

function classify(transportCode: string | undefined, reply: number | undefined, e: SmtpErrorFields): DeliveryErrorKind {
  if ((transportCode && AUTH_CODES.has(transportCode)) || (reply !== undefined && AUTH_REPLIES.has(reply))) return "auth";
  if (reply !== undefined) {
    const permanent = typeof e.permanent === "boolean" ? e.permanent : reply >= 500 && reply !== 503;
    if (!permanent) return "transient";
    if (e.command === "RCPT TO" && (BAD_MAILBOX_REPLIES.has(reply) || enhancedStatus(e.response)?.startsWith("5.1."))) {
      return "invalid_recipient";
    }
    return "permanent";
  }
  if (transportCode && CONFIG_CODES.has(transportCode)) return "permanent";
  // No reply at all: connection refused, reset, DNS, timeout.
  return "transient";
}

/** "550 5.1.1 No such user" → "5.1.1" (RFC 3463 enhanced status code). */
function enhancedStatus(response: unknown): string | undefined {
  if (typeof response !== "string") return undefined;
  return response.match(/^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})\b/)?.[1];
}
