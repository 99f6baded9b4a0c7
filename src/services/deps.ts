import type { CoreDeps } from "../deps";
import type { LockRow } from "../db/rows";
import type { JobQueue } from "../jobs/port";
import type { FetchFeedOptions } from "../providers/calendar/fetch-feed";
import type { EmailSender } from "../providers/email/types";
import type { LockProvider } from "../providers/locks/types";
import type { SmsSender } from "../providers/sms/types";
import type { FeedReader } from "./calendar/reader/feed-reader";

export type { LockRow };

/**
 * What services and job processors run with. The composition root (`src/runtime/`) builds it from the
 * environment; tests build it from loopback peers. Each member is an interface, so the embedded default
 * (simulated locks, outbox) and real vendors plug in the same way.
 */
export interface ServiceDeps extends CoreDeps {
  jobs: JobQueue;
  /** Fetch options every feed sync uses (allow-list from STAYKEY_FEED_ALLOW_HOSTS, timeouts, test resolver). */
  feedFetch: Omit<FetchFeedOptions, "etag" | "lastModified">;
  /** Where fetched feeds are parsed: a pool of parser threads (STAYKEY_PARSE_THREADS); inline when absent. */
  feedReader?: FeedReader;
  /** The provider adapter that talks to this lock (credentials resolved from its connection). */
  lockProvider(lock: LockRow): LockProvider;
  messaging: {
    /** null: no SMS provider configured, messages go to the outbox. */
    sms: SmsSender | null;
    email: EmailSender | null;
  };
  /**
   * Cross-capability follow-ups, wired by the composition root so capabilities do not import each other:
   * the code lifecycle tells delivery a code is confirmed, sync tells the planner a stay changed, and so on.
   * Each is called after the caller's transaction commits; a missing hook means "nothing to do".
   */
  hooks?: Partial<LifecycleHooks>;
}

export interface LifecycleHooks {
  /** A stay was created, moved, changed guest details or was cancelled (sync, API override, manual stay). */
  stayChanged(stayId: string): Promise<void>;
  /** A guest code was read back from the lock as set (or a backup code was assigned to the stay). */
  guestCodeReady(stayId: string): Promise<void>;
  /** A guest code that was already sent moved its window (dates changed after the message went out). */
  guestCodeMoved(stayId: string): Promise<void>;
  /** A cleaner code for a turnover became active, moved, or the turnover was cancelled. */
  turnoverChanged(turnoverId: string): Promise<void>;
}
