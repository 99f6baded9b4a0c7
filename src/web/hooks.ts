import type { CoreDeps } from "../deps";

/**
 * Business actions the dashboard triggers but other services own. Each is optional so the pages work
 * before those services land: the database row is the source of truth and their sweeps pick up the work;
 * the page says so instead of pretending the action ran.
 */
export interface WebHooks {
  /** Runs the feed's first sync now and reports what it found, for the host who just pasted the URL. */
  syncFeedNow?(accountId: string, feedId: string): Promise<{ ok: boolean; summary: string }>;
  /** A host override moved the stay's window (its `version` is already bumped). */
  stayChanged?(stayId: string): Promise<void>;
  /** Sends the guest their current code again. */
  resendGuestCode?(accountId: string, stayId: string): Promise<void>;
}

export type WebDeps = CoreDeps & { web?: WebHooks };
