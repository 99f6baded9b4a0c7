import { z } from "zod";
import { parseAllowList } from "./lib/net/address-policy";

const port = z.coerce.number().int().min(0).max(65535);
const optionalString = z
  .string()
  .transform((v) => (v.trim() === "" ? undefined : v.trim()))
  .optional();
const optionalUrl = (schemes: string[]) =>
  optionalString.refine((v) => v === undefined || schemes.some((s) => v.startsWith(`${s}://`)), {
    message: `must be a URL starting with ${schemes.map((s) => `${s}://`).join(" or ")}`,
  });

/**
 * Every environment variable staykey reads, validated once at start. The README's configuration table
 * mirrors this schema; a bad value stops start with a message naming the variable.
 */
export const envSchema = z.object({
  PORT: port.default(8787),
  HOST: z.string().default("0.0.0.0"),
  STAYKEY_DATA_DIR: z.string().min(1).default("./data"),
  STAYKEY_SECRET: optionalString.refine((v) => v === undefined || v.length >= 32, {
    message: "must be at least 32 characters (use `openssl rand -base64 32`)",
  }),
  STAYKEY_SECRET_PREVIOUS: optionalString,
  // Without its trailing slash, once: every use appends a path to it.
  STAYKEY_PUBLIC_URL: optionalUrl(["http", "https"]).transform((v) => v?.replace(/\/+$/, "")),
  STAYKEY_FEED_ALLOW_HOSTS: optionalString,
  /** Private hosts/networks lock connections (Home Assistant) may reach; link-local and metadata stay refused. */
  STAYKEY_LOCK_ALLOW_HOSTS: optionalString.superRefine((v, ctx) => {
    try {
      parseAllowList(v);
    } catch (err) {
      ctx.addIssue({ code: "custom", message: (err as Error).message });
    }
  }),
  /** Private hosts/networks outbound webhooks may be sent to (a receiver on the LAN); link-local and metadata stay refused. */
  STAYKEY_WEBHOOK_ALLOW_HOSTS: optionalString.superRefine((v, ctx) => {
    try {
      parseAllowList(v);
    } catch (err) {
      ctx.addIssue({ code: "custom", message: (err as Error).message });
    }
  }),
  /** Tries per outbound webhook delivery, the first included; retries wait STAYKEY_WEBHOOK_BACKOFF_SECONDS × 2^(n-1). */
  STAYKEY_WEBHOOK_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(8),
  STAYKEY_WEBHOOK_BACKOFF_SECONDS: z.coerce.number().int().min(1).max(86_400).default(120),
  /** How long a receiver has to answer one attempt. */
  STAYKEY_WEBHOOK_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(120).default(15),
  /** An endpoint whose attempts have all failed for this long is disabled and the host alerted. */
  STAYKEY_WEBHOOK_DISABLE_AFTER_HOURS: z.coerce.number().min(1).max(24 * 90).default(72),
  /** Reverse proxies (IPs/CIDRs) whose X-Forwarded-For names the client, for sign-in limits and guests' consent records. */
  STAYKEY_TRUSTED_PROXIES: optionalString.superRefine((v, ctx) => {
    try {
      if (parseAllowList(v).hosts.size > 0) ctx.addIssue({ code: "custom", message: "must list IP addresses or CIDRs, not host names" });
    } catch (err) {
      ctx.addIssue({ code: "custom", message: (err as Error).message });
    }
  }),
  STAYKEY_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** `json` (one object per line, for log shippers) or `pretty` (pino-pretty, for people at a terminal). */
  STAYKEY_LOG_FORMAT: z.enum(["json", "pretty"]).default("json"),
  /** Serve /metrics (and the probes) on this port of STAYKEY_METRICS_HOST instead of the public one. */
  STAYKEY_METRICS_PORT: port.optional(),
  STAYKEY_METRICS_HOST: z.string().min(1).default("127.0.0.1"),
  /**
   * `staykey worker`: serve this process's /metrics (jobs run, provider calls) on this port of STAYKEY_METRICS_HOST;
   * behind `Authorization: Bearer <STAYKEY_METRICS_TOKEN>` when that is set. Unset: a worker listens on nothing.
   */
  STAYKEY_WORKER_METRICS_PORT: port.optional(),
  /** Serve /metrics on the public port to callers with `Authorization: Bearer <token>`. */
  STAYKEY_METRICS_TOKEN: optionalString.refine((v) => v === undefined || v.length >= 16, { message: "must be at least 16 characters" }),
  /** Parser threads for calendar feeds; unset: one less than the cores, at most 4; 0: parse on the main thread. */
  STAYKEY_PARSE_THREADS: z.coerce.number().int().min(0).max(32).optional(),
  STAYKEY_MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(10_000_000).default(256 * 1024),
  /** Scheduled online backups go here (serve takes them); unset: no scheduled backups. */
  STAYKEY_BACKUP_DIR: optionalString,
  STAYKEY_BACKUP_KEEP: z.coerce.number().int().min(1).max(1000).default(7),
  STAYKEY_BACKUP_EVERY_HOURS: z.coerce.number().min(0.25).max(24 * 30).default(24),
  REDIS_URL: optionalUrl(["redis", "rediss"]),
  /** With Redis: how often every process checks that the reconcile schedule survived (Redis flushed or restarted empty). */
  STAYKEY_SCHEDULE_CHECK_SECONDS: z.coerce.number().int().min(1).max(60).default(30),
  TWILIO_ACCOUNT_SID: optionalString,
  TWILIO_AUTH_TOKEN: optionalString,
  TWILIO_FROM: optionalString,
  TWILIO_MESSAGING_SERVICE_SID: optionalString,
  TWILIO_API_BASE_URL: optionalUrl(["http", "https"]),
  SMTP_URL: optionalUrl(["smtp", "smtps"]),
  SMTP_FROM: optionalString,
  SEAM_API_URL: optionalUrl(["http", "https"]),
  SEAM_WEBHOOK_SECRET: optionalString,
  /** Poll each Seam connection's /events/list this often; unset: every 60 s when SEAM_WEBHOOK_SECRET is unset, else never; 0: never. */
  STAYKEY_SEAM_EVENT_POLL_SECONDS: z.coerce.number().int().min(0).max(3600)
    .refine((v) => v === 0 || v >= 15, { message: "must be 0 (never) or at least 15 seconds" }).optional(),
  /** Days the door activity log (lock events) is kept; older events are deleted by the door sweep. */
  STAYKEY_LOCK_EVENT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
  /** Days a sent, delivered or failed message is kept (recipient and body included); older ones go in the door sweep. */
  STAYKEY_MESSAGE_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  /** Days an audit event is kept; older ones go in the door sweep. */
  STAYKEY_AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(730),
  STAYKEY_RELAY_URL: optionalUrl(["http", "https"]),
  STAYKEY_RELAY_TOKEN: optionalString,
});

export type Config = z.infer<typeof envSchema>;

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`invalid configuration: ${lines.join("; ")}`);
  }
  return parsed.data;
}
