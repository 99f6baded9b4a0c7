import { blockedAddressDetail, RequestTimeoutError, sendRequest, type HttpRequest, type RawResponse } from "./send-request";

export type { HttpRequest } from "./send-request";

/**
 * One JSON-over-HTTP call with the retry policy every lock vendor needs: retry 5xx, 429 and network
 * failures/timeouts with capped exponential backoff and jitter, honour Retry-After. Adapters turn the
 * final outcome into a `ProviderError`; vendor quirks stay in the adapter.
 */
export interface RetryPolicy {
  /** Attempts after the first (default 3). */
  retries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A Retry-After longer than this is not waited out in-process; the job engine reschedules instead. */
  maxRetryAfterMs?: number;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export type HttpOutcome =
  | { ok: true; status: number; headers: Headers; body: unknown; attempts: number }
  | { ok: false; status: number; headers: Headers; body: unknown; attempts: number; retryAfterMs?: number }
  | { ok: false; status: 0; networkError: "timeout" | "network"; attempts: number }
  /** The address guard refused the host: nothing was sent, and retrying cannot help. */
  | { ok: false; status: 0; networkError: "blocked"; attempts: number; detail: string };

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Seconds or an HTTP date, per RFC 9110; undefined when absent or unparseable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function parseBody({ text }: RawResponse): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export async function requestWithRetry(req: HttpRequest, policy: RetryPolicy = {}): Promise<HttpOutcome> {
  const retries = policy.retries ?? 3;
  const base = policy.baseDelayMs ?? 200;
  const maxDelay = policy.maxDelayMs ?? 5_000;
  const maxRetryAfter = policy.maxRetryAfterMs ?? 30_000;
  const sleep = policy.sleep ?? defaultSleep;
  let last: HttpOutcome | undefined;

  for (let attempt = 0; attempt <= retries; attempt++) {
    let retryAfterMs: number | undefined;
    try {
      const res = await sendRequest(req, policy.timeoutMs ?? 15_000);
      const body = parseBody(res);
      if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status, headers: res.headers, body, attempts: attempt + 1 };
      retryAfterMs = parseRetryAfter(res.headers.get("retry-after"));
      last = { ok: false, status: res.status, headers: res.headers, body, attempts: attempt + 1 };
      if (retryAfterMs !== undefined) last.retryAfterMs = retryAfterMs;
      const retryable = res.status >= 500 || res.status === 429;
      if (!retryable) return last;
      if (retryAfterMs !== undefined && retryAfterMs > maxRetryAfter) return last;
    } catch (e) {
      const blocked = blockedAddressDetail(e);
      if (blocked) return { ok: false, status: 0, networkError: "blocked", attempts: attempt + 1, detail: blocked };
      const timeout = e instanceof RequestTimeoutError;
      last = { ok: false, status: 0, networkError: timeout ? "timeout" : "network", attempts: attempt + 1 };
    }
    if (attempt === retries) break;
    const backoff = Math.min(maxDelay, base * 2 ** attempt);
    // Full jitter spreads retries from many workers hitting the same vendor outage.
    const delay = retryAfterMs ?? Math.round(backoff / 2 + Math.random() * (backoff / 2));
    await sleep(delay);
  }
  return last as HttpOutcome;
}
