import type { Config } from "../config";
import { combineSources } from "../jobs/reconcile-source";
import { seamEventPollMs } from "../services/door/poll-seam-events";
import { seamEventPollSources } from "../services/door/reconcile-sources";
import { reconcileSources } from "../services/reconcile-sources";

/** Every capability's reconcile sources, listed in services/ so a service (account deletion) can ask them too. */
export { reconcileSources };

/**
 * The sources a running install uses: every capability's, plus the Seam event poll when this install polls (a poll
 * queued for a connection since deleted finds no connection and does nothing).
 */
export const reconcileSourcesFor = (config: Pick<Config, "STAYKEY_SEAM_EVENT_POLL_SECONDS" | "SEAM_WEBHOOK_SECRET">) =>
  combineSources(reconcileSources, seamEventPollSources(seamEventPollMs(config)));
