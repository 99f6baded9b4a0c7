/** The longest wait a platform's Retry-After is taken at: past a day it is more likely a mistake than a plan. */
export const MAX_RETRY_AFTER_MS = 24 * 3600_000;

/**
 * How long a 429 or 503 answer asks the client to wait (RFC 9110 §10.2.3): delay-seconds, or an HTTP-date read
 * against the answer's own Date header (so neither clock's skew counts), else against `now`. Undefined when the header
 * is absent, unreadable or already past; capped at MAX_RETRY_AFTER_MS.
 */
export function retryAfterMs(header: string | undefined, dateHeader: string | undefined, now: number): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  let ms: number;
  if (/^\d{1,10}$/.test(value)) ms = Number(value) * 1000;
  else {
    const at = Date.parse(value);
    if (Number.isNaN(at)) return undefined;
    const served = dateHeader ? Date.parse(dateHeader) : NaN;
    ms = at - (Number.isNaN(served) ? now : served);
  }
  return ms > 0 ? Math.min(ms, MAX_RETRY_AFTER_MS) : undefined;
}
