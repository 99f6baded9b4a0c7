import type { CoreDeps } from "../deps";
import type { LockRow } from "../db/rows";
import type { JobQueue } from "../jobs/port";
import type { FetchFeedOptions } from "../providers/calendar/fetch-feed";
import type { EmailSender } from "../providers/email/types";
import type { MatterFabrics } from "../providers/locks/matter/matter-fabrics";
import type { LockProvider } from "../providers/locks/types";
import type { SmsSender } from "../providers/sms/types";
import type { AlertPolicy } from "./alerts/alert-policy";
import type { FeedReader } from "./calendar/reader/feed-reader";
import type { ServiceEvents } from "./events";

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
  /** staykey's Matter controllers, one per Matter connection (pairing, and the fabric the Matter adapter speaks on). */
  matter?: MatterFabrics;
  messaging: {
    /** null: no SMS provider configured, messages go to the outbox. */
    sms: SmsSender | null;
    email: EmailSender | null;
  };
  /** Alert thresholds a deployment (or a test) sets; DEFAULT_ALERT_POLICY for the rest. */
  alertPolicy?: Partial<AlertPolicy>;
  /**
   * How capabilities react to each other's changes without importing each other: the code lifecycle tells delivery a
   * code is confirmed, the API tells the planner a stay changed, and so on. The composition root registers the
   * handlers (runtime/event-handlers); a service emits after its transaction commits.
   */
  events: ServiceEvents;
}
