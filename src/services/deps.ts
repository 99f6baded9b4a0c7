import type { CoreDeps } from "../deps";
import type { locks } from "../db/schema";
import type { JobQueue } from "../jobs/port";
import type { FetchFeedOptions } from "../providers/calendar/fetch-feed";
import type { EmailSender } from "../providers/email/types";
import type { LockProvider } from "../providers/locks/types";
import type { SmsSender } from "../providers/sms/types";

export type LockRow = typeof locks.$inferSelect;

/**
 * What services and job processors run with. The composition root (`src/runtime/`) builds it from the
 * environment; tests build it from loopback peers. Each member is an interface, so the embedded default
 * (simulated locks, outbox) and real vendors plug in the same way.
 */
export interface ServiceDeps extends CoreDeps {
  jobs: JobQueue;
  /** Fetch options every feed sync uses (allow-list from STAYKEY_FEED_ALLOW_HOSTS, timeouts, test resolver). */
  feedFetch: Omit<FetchFeedOptions, "etag" | "lastModified">;
  /** The provider adapter that talks to this lock (credentials resolved from its connection). */
  lockProvider(lock: LockRow): LockProvider;
  messaging: {
    /** null: no SMS provider configured, messages go to the outbox. */
    sms: SmsSender | null;
    email: EmailSender | null;
  };
}
