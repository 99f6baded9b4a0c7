import { and, eq } from "drizzle-orm";
import { feeds } from "../../db/schema";
import { syncFeed } from "../calendar/sync-feed";
import type { SyncOutcome } from "../calendar/sync-outcome";
import type { ServiceDeps } from "../deps";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** One sentence a host can act on; built from ids and counts only, so it never carries the feed URL. */
export function describeSync(outcome: SyncOutcome): { ok: boolean; summary: string } {
  switch (outcome.result) {
    case "changed": {
      const c = outcome.counts;
      const parts = [`read ${plural(outcome.events, "event")}`, `${c.created} new`, `${c.updated} updated`, `${c.cancelled} cancelled`];
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

/** The dashboard's `syncFeedNow` hook over the calendar sync service, for the composition root to wire in. */
export function syncFeedNowForWeb(deps: ServiceDeps) {
  return async (accountId: string, feedId: string): Promise<{ ok: boolean; summary: string }> => {
    const owned = deps.db.select({ id: feeds.id }).from(feeds).where(and(eq(feeds.id, feedId), eq(feeds.accountId, accountId))).get();
    if (!owned) return { ok: false, summary: "skipped, the calendar was not found." };
    return describeSync(await syncFeed(deps, feedId, { actor: `dashboard:${accountId}` }));
  };
}
