import type { ApiHooks } from "../api-hooks";
import type { ServiceDeps } from "../deps";
import { syncFeed } from "./sync-feed";

/**
 * The API's "sync now" (`POST /api/v1/feeds/{id}/sync`, and a newly created feed): runs the sync in the request so
 * the feed the route returns already shows the outcome (status, lastError, lastEventCount). Forced, because a
 * host who presses "sync now" after fixing a property's times expects the stays to be placed again.
 */
export function createSyncHooks(deps: ServiceDeps): Required<Pick<ApiHooks, "syncFeedNow">> {
  return {
    async syncFeedNow(feedId) {
      await syncFeed(deps, feedId, { force: true, actor: "api" });
    },
  };
}
