import { RECONCILE_EVERY_MS } from "../../jobs/reconciler";
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
  return Math.round((jitterUnit(feedId) * 2 - 1) * JITTER_SHARE * intervalMs);
}

/** Feeds whose jitter is remembered; past it the memo starts over. */
const MAX_REMEMBERED = 20_000;
// A feed's jitter never changes, and hashing its id on every sync showed in an unchanged (304) sync's profile (~3%).
const units = new Map<string, number>();

function jitterUnit(feedId: string): number {
  let unit = units.get(feedId);
  if (unit === undefined) {
    unit = createHash("sha256").update(feedId).digest().readUInt32BE(0) / 0xffffffff;
    if (units.size >= MAX_REMEMBERED) units.clear();
    units.set(feedId, unit);
  }
  return unit;
}

/** Room for a reconcile pass that runs late (a busy queue, a restart) before the sync it enqueues would be late. */
const RECONCILE_SLACK_MS = 2 * 60_000;

/**
 * Whether the reconciler's next pass (every RECONCILE_EVERY_MS, enqueueing every feed's sync due within a day) is sure
 * to enqueue a sync due at `next` before it is due. Then an unchanged sync writes no job row for it: that row, in the
 * feed's commit, was a third of an unchanged sync's writes, and most feeds are unchanged on most syncs. A feed synced
 * more often than that (5 minutes is allowed) keeps enqueueing its own next sync.
 */
export function reconcilerEnqueuesInTime(now: Date, next: Date): boolean {
  return next.getTime() - now.getTime() >= RECONCILE_EVERY_MS + RECONCILE_SLACK_MS;
}
