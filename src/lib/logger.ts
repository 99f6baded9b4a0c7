import { pino, type Logger } from "pino";

export type { Logger };

/**
 * Structured JSON logs. Redaction is a second line of defence: code must not log PINs, phone numbers, feed
 * URLs or credentials in the first place, but any that slip into these fields are censored.
 */
export const REDACT_PATHS = [
  "pin", "*.pin", "phone", "*.phone", "guestPhone", "*.guestPhone", "url", "*.url", "feedUrl", "*.feedUrl",
  "authorization", "*.authorization", "req.headers.authorization", "req.headers.cookie", "password", "*.password",
  "token", "*.token", "apiKey", "*.apiKey", "secret", "*.secret", "body", "*.body", "to", "*.to", "recipient", "*.recipient",
];

export function createLogger(level: string = "info", destination?: NodeJS.WritableStream): Logger {
  const opts = { level, base: { service: "staykey" }, redact: { paths: REDACT_PATHS, censor: "[redacted]" } };
  // stderr by default: stdout is reserved for what commands print (`--json` output stays parseable).
  return pino(opts, (destination ?? pino.destination(2)) as never);
}

export const silentLogger: Logger = pino({ level: "silent" });
