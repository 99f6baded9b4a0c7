/**
 * What one delivery attempt means for the next: `delivered` on any 2xx; `retry` when the receiver may well take it
 * later (no answer, a timeout, 408, 429, any 5xx); `final` for every other answer (a 4xx says the request itself is
 * unwanted, a 3xx is not followed because a redirect could lead past the address policy).
 */
export type AttemptOutcome = "delivered" | "retry" | "final";

export function attemptOutcome(status: number | null): AttemptOutcome {
  if (status === null) return "retry";
  if (status >= 200 && status <= 299) return "delivered";
  if (status === 408 || status === 429 || status >= 500) return "retry";
  return "final";
}

/** One try, as listed with its delivery: never the request or response body, which may carry the receiver's secrets. */
export interface WebhookAttempt {
  attempt: number;
  at: string;
  /** The HTTP status, or null when there was no answer (refused, timed out, blocked by the address policy). */
  status: number | null;
  durationMs: number;
  error: string | null;
  /** What followed: delivered; `retry` (another attempt was scheduled); `final` (none: a final answer, or the round's last try). */
  outcome: AttemptOutcome;
}
