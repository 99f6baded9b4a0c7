import { and, asc, eq, ne } from "drizzle-orm";
import { feeds } from "../../db/schema";
import type { ServiceDeps } from "../deps";
import { syncFeed } from "./sync-feed";
import type { SyncOutcome } from "./sync-outcome";

export interface SyncProgress {
  done: number;
  total: number;
  failed: number;
}

export interface SyncFeedsNowOptions {
  accountId?: string;
  feedId?: string;
  force?: boolean;
  actor?: string;
  /** Fetches in flight at once. 16 keeps the CPU busy parsing while others wait on the network. */
  concurrency?: number;
  onProgress?: (progress: SyncProgress) => void;
}

export interface SyncFeedsNowResult extends SyncProgress {
  changed: number;
  unchanged: number;
  skipped: number;
  outcomes: SyncOutcome[];
}

/**
 * "Sync now" for many feeds (every one, an account's, or one): runs `syncFeed` with bounded concurrency and
 * reports progress after each feed. Paused feeds are left out; a single named feed that is paused comes back as
 * skipped so the caller can say why.
 */
export async function syncFeedsNow(deps: ServiceDeps, opts: SyncFeedsNowOptions = {}): Promise<SyncFeedsNowResult> {
  const ids = opts.feedId
    ? [opts.feedId]
    : deps.db
        .select({ id: feeds.id })
        .from(feeds)
        .where(and(ne(feeds.status, "paused"), opts.accountId ? eq(feeds.accountId, opts.accountId) : undefined))
        .orderBy(asc(feeds.id))
        .all()
        .map((row) => row.id);
  const outcomes: SyncOutcome[] = new Array(ids.length);
  const progress: SyncProgress = { done: 0, total: ids.length, failed: 0 };
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const index = next++;
      const outcome = await syncFeed(deps, ids[index]!, { force: opts.force, actor: opts.actor });
      outcomes[index] = outcome;
      progress.done += 1;
      if (outcome.result === "failed") progress.failed += 1;
      opts.onProgress?.({ ...progress });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 16, ids.length)) }, worker));
  const count = (result: SyncOutcome["result"]) => outcomes.filter((o) => o.result === result).length;
  return { ...progress, changed: count("changed"), unchanged: count("unchanged"), skipped: count("skipped"), outcomes };
}
