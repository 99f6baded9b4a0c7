/**
 * Delay before retry number `attempt` (1 = the first retry), the same curve as BullMQ's built-in "exponential"
 * backoff (base × 2^(attempt-1)) so both drivers retry at the same instants.
 */
export function exponentialBackoffMs(attempt: number, baseMs: number): number {
  return Math.round(baseMs * 2 ** Math.max(0, attempt - 1));
}
