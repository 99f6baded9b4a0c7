/**
 * The demo runs everything in this process on the built-in providers: embedded jobs, the simulated lock and the
 * outbox. The sample guests' numbers are fictional, and a configured Twilio or SMTP account must never be asked to
 * reach them, so those settings are dropped for this process only.
 */
export function demoEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const out = { ...env };
  for (const key of Object.keys(out)) if (key === "REDIS_URL" || key.startsWith("TWILIO_") || key.startsWith("SMTP_")) delete out[key];
  // A demo prints a password; it listens on this machine only unless told otherwise.
  if (!out.HOST) out.HOST = "127.0.0.1";
  return out;
}
