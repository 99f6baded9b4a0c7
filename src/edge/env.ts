/** Bindings from wrangler.toml ([vars], [[d1_databases]]) and `wrangler secret put`. */
export interface EdgeBindings {
  DB: D1Database;
  RELAY_TOKEN_SHA256?: string;
  TWILIO_AUTH_TOKEN?: string;
  TWILIO_ACCOUNT_SID?: string;
  TWILIO_FROM?: string;
  TWILIO_MESSAGING_SERVICE_SID?: string;
  TWILIO_API_BASE_URL?: string;
  SEAM_WEBHOOK_SECRET?: string;
  HOST_PHONE?: string;
  PUBLIC_URL?: string;
  HOST_TIMEZONE?: string;
  HEARTBEAT_TIMEOUT_MINUTES?: string;
  CHECK_IN_WARNING_HOURS?: string;
  RETENTION_DAYS?: string;
}

export interface EdgeConfig {
  RELAY_TOKEN_SHA256: string | undefined;
  TWILIO_AUTH_TOKEN: string | undefined;
  TWILIO_ACCOUNT_SID: string | undefined;
  TWILIO_FROM: string | undefined;
  TWILIO_MESSAGING_SERVICE_SID: string | undefined;
  TWILIO_API_BASE_URL: string;
  SEAM_WEBHOOK_SECRET: string | undefined;
  HOST_PHONE: string | undefined;
  PUBLIC_URL: string | undefined;
  HOST_TIMEZONE: string;
  HEARTBEAT_TIMEOUT_MINUTES: number;
  CHECK_IN_WARNING_HOURS: number;
  RETENTION_DAYS: number;
}

export class EdgeConfigError extends Error {}

/**
 * Validated on every invocation (it is cheap), so a bad var fails loudly instead of silently disabling a
 * check. Hand-written rather than zod: zod's full build is most of a megabyte of cold start at the edge.
 * Messages name the variable, never its value.
 */
export function readEdgeConfig(env: EdgeBindings): EdgeConfig {
  const problems: string[] = [];
  const text = (name: keyof EdgeBindings, valid: (v: string) => boolean = () => true, rule = ""): string | undefined => {
    const raw = env[name];
    const value = typeof raw === "string" ? raw.trim() : undefined;
    if (!value) return undefined;
    if (!valid(value)) problems.push(`${name}: ${rule}`);
    return value;
  };
  const number = (name: keyof EdgeBindings, fallback: number, max: number): number => {
    const value = text(name);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (Number.isFinite(parsed) && parsed > 0 && parsed <= max) return parsed;
    problems.push(`${name}: must be a number above 0 and at most ${max}`);
    return fallback;
  };

  const config: EdgeConfig = {
    RELAY_TOKEN_SHA256: text("RELAY_TOKEN_SHA256", (v) => /^[0-9a-f]{64}$/.test(v), "must be the lower-case hex SHA-256 of the relay token"),
    TWILIO_AUTH_TOKEN: text("TWILIO_AUTH_TOKEN"),
    TWILIO_ACCOUNT_SID: text("TWILIO_ACCOUNT_SID"),
    TWILIO_FROM: text("TWILIO_FROM"),
    TWILIO_MESSAGING_SERVICE_SID: text("TWILIO_MESSAGING_SERVICE_SID"),
    TWILIO_API_BASE_URL: (text("TWILIO_API_BASE_URL", isHttpUrl, "must be an http(s) URL") ?? "https://api.twilio.com").replace(/\/+$/, ""),
    SEAM_WEBHOOK_SECRET: text("SEAM_WEBHOOK_SECRET"),
    HOST_PHONE: text("HOST_PHONE"),
    PUBLIC_URL: text("PUBLIC_URL", (v) => /^https?:\/\/[^/]+\/?$/.test(v), "must be an origin such as https://relay.example.com"),
    HOST_TIMEZONE: text("HOST_TIMEZONE", isTimeZone, "must be an IANA time zone") ?? "UTC",
    HEARTBEAT_TIMEOUT_MINUTES: number("HEARTBEAT_TIMEOUT_MINUTES", 15, 24 * 60),
    CHECK_IN_WARNING_HOURS: number("CHECK_IN_WARNING_HOURS", 24, 24 * 14),
    RETENTION_DAYS: number("RETENTION_DAYS", 7, 90),
  };
  if (problems.length > 0) throw new EdgeConfigError(`invalid relay configuration: ${problems.join("; ")}`);
  return config;
}

function isHttpUrl(value: string): boolean {
  return /^https?:\/\/[^\s]+$/.test(value);
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
