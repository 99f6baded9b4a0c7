/**
 * Exponential with jitter (half to full), capped: after the `failures`-th failure in a row, wait between half and all
 * of `initialMs · 2^(failures-1)` (at most `maxMs`), so many clients coming back after one outage do not all retry
 * at the same instant.
 */
export function backoffDelay(failures: number, initialMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling * (0.5 + random() / 2));
}
