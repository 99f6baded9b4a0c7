import { createHash } from "node:crypto";

/** ±10% of the interval: enough to spread feeds added together, small enough that "every 10 minutes" stays true. */
const JITTER_SHARE = 0.1;

/**
 * When a feed syncs next: its interval from now, shifted by a jitter derived from the feed id. Deterministic, so
 * tests are stable and a feed keeps its slot; different per feed, so 2,000 feeds imported at once do not all hit
 * the platforms (and our workers) in the same second every ten minutes.
 */
export function nextSyncAt(feedId: string, now: Date, intervalMinutes: number): Date {
  const intervalMs = Math.max(1, intervalMinutes) * 60_000;
  return new Date(now.getTime() + intervalMs + jitterMs(feedId, intervalMs));
}

export function jitterMs(feedId: string, intervalMs: number): number {
  const unit = createHash("sha256").update(feedId).digest().readUInt32BE(0) / 0xffffffff;
  return Math.round((unit * 2 - 1) * JITTER_SHARE * intervalMs);
}
