import { AsyncLocalStorage } from "node:async_hooks";
import { pino, type Logger } from "pino";
import pretty from "pino-pretty";

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

export type LogFormat = "json" | "pretty";

/** Fields every log line written inside `withLogFields` carries (a job's name and id), however deep the call. */
const logFields = new AsyncLocalStorage<Record<string, unknown>>();

/** Runs `fn(...args)` so that every line any logger writes meanwhile (services, providers) carries `fields`. */
export function withLogFields<A extends unknown[], T>(fields: Record<string, unknown>, fn: (...args: A) => T, ...args: A): T {
  const outer = logFields.getStore();
  return logFields.run(outer === undefined ? fields : { ...outer, ...fields }, fn, ...args);
}

export function createLogger(level: string = "info", destination?: NodeJS.WritableStream, format: LogFormat = "json"): Logger {
  const opts = {
    level,
    base: { service: "staykey" },
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    mixin: () => logFields.getStore() ?? {},
  };
  // stderr by default: stdout is reserved for what commands print (`--json` output stays parseable).
  if (format === "pretty") {
    // In-process and synchronous (no transport thread): a line is on the terminal before the process can exit.
    return pino(opts, pretty({ destination: (destination ?? 2) as never, sync: true, colorize: destination === undefined && process.stderr.isTTY }));
  }
  return pino(opts, (destination ?? pino.destination(2)) as never);
}

export const silentLogger: Logger = pino({ level: "silent" });
