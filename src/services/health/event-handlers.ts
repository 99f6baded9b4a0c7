import type { ServiceDeps } from "../deps";
import type { EventReactions } from "../events";
import { resolveCheckInIfReady } from "./daily-check";
import { checkFeedHealth } from "./feed-health-alerts";

/** How the health checks hear that a trouble they reported may be over, without waiting for their next sweep. */
export function healthEventHandlers(deps: ServiceDeps): EventReactions<"guest-code.ready" | "guest-code.sent" | "feed.synced"> {
  return {
    // A confirmed code or a sent code message may be the last thing the morning check found missing.
    "guest-code.ready": ({ stayId }) => resolveCheckInIfReady(deps, stayId),
    "guest-code.sent": ({ stayId }) => resolveCheckInIfReady(deps, stayId),
    // Judged right after each sync, so a failing calendar is reported now, not at the next sweep.
    "feed.synced": ({ feedId }) => checkFeedHealth(deps, feedId),
  };
}
