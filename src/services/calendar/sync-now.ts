import type { ServiceDeps } from "../deps";
import { findFeed } from "../lookups";
import { syncFeed } from "./sync-feed";
import type { SyncOutcome } from "./sync-outcome";

/**
 * "Sync now", for a host who just connected a calendar (API or dashboard) or asked for a sync: runs it in the request
 * so the answer already shows the outcome (status, lastError, lastEventCount). Forced, because a host who syncs after
 * fixing a property's times expects the stays to be placed again. Only the account's own feed (not_found otherwise).
 * Answers null when the sync itself broke (the database, not the calendar): the feed is saved and due, so its job
 * runs it again, and the request that asked must not fail for it.
 */
export async function syncFeedNow(deps: ServiceDeps, accountId: string, feedId: string, actor: string): Promise<SyncOutcome | null> {
  findFeed(deps.db, accountId, feedId);
  let outcome: SyncOutcome;
  try {
    outcome = await syncFeed(deps, feedId, { force: true, actor });
  } catch (err) {
    deps.logger.warn({ feedId, err: { name: (err as Error).name, message: (err as Error).message } }, "sync now failed; the feed's job retries it");
    return null;
  }
  await deps.events.emit({ type: "feed.synced", feedId });
  return outcome;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** One sentence a host can act on; built from ids and counts only, so it never carries the feed URL. */
export function describeSync(outcome: SyncOutcome): { ok: boolean; summary: string } {
  switch (outcome.result) {
    case "changed": {
      const c = outcome.counts;
      const parts = [`read ${plural(outcome.events, "event")}`, `${c.created} new`, `${c.updated} updated`, `${c.cancelled} cancelled`];
      if (c.contactsChanged > 0) parts.push(`${plural(c.contactsChanged, "guest contact")} from the calendar`);
      const suspect = outcome.suspect ? ` Nothing was cancelled because the calendar looks wrong: ${outcome.suspect.detail}` : "";
      return { ok: !outcome.suspect, summary: `${parts.join(", ")}.${suspect}` };
    }
    case "unchanged":
      return { ok: true, summary: "no changes since the last sync." };
    case "failed":
      return { ok: false, summary: `failed (${outcome.reason}): ${outcome.detail}` };
    case "skipped":
      return { ok: false, summary: outcome.reason === "paused" ? "skipped, the calendar is paused." : "skipped, the calendar was not found." };
  }
}
