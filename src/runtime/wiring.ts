import type { AppDeps } from "../app";
import { enqueuePlanStay } from "../services/access";
import { createSyncHooks } from "../services/calendar/sync-hooks";
import type { LifecycleHooks, ServiceDeps } from "../services/deps";
import { resendGuestCode, scheduleCleanerNotice, scheduleGuestCodeMessages, scheduleGuestUpdate } from "../services/delivery";
import { resolveCheckInIfReady } from "../services/health/daily-check";
import { checkFeedHealth } from "../services/health/feed-health-alerts";
import { syncFeedNowForWeb } from "../services/web/sync-feed-hook";

/** How capabilities hear about each other's changes (always after the caller's transaction commits). */
export function wireHooks(deps: ServiceDeps): LifecycleHooks {
  return {
    stayChanged: async (stayId) => {
      await enqueuePlanStay(deps, stayId);
      // A phone or email added after the code was confirmed: the code is ready, only the message was missing.
      // Idempotent, and it sends nothing unless a confirmed code exists.
      await scheduleGuestCodeMessages(deps, stayId);
    },
    guestCodeReady: async (stayId) => {
      await scheduleGuestCodeMessages(deps, stayId);
      // The code may have been the last thing the morning check found missing.
      await resolveCheckInIfReady(deps, stayId);
    },
    guestCodeMoved: async (stayId) => void (await scheduleGuestUpdate(deps, stayId)),
    turnoverChanged: async (turnoverId) => void (await scheduleCleanerNotice(deps, turnoverId)),
  };
}

/** The HTTP app's deps: the services plus the API and dashboard hooks that start their work. */
export function appDepsFor(deps: ServiceDeps): AppDeps {
  const hooks = deps.hooks ?? {};
  return {
    ...deps,
    services: {
      syncFeedNow: async (feedId) => {
        await createSyncHooks(deps).syncFeedNow(feedId);
        await checkFeedHealth(deps, feedId);
      },
      onStayChanged: hooks.stayChanged,
    },
    web: {
      syncFeedNow: syncFeedNowForWeb(deps),
      stayChanged: hooks.stayChanged,
      resendGuestCode: (accountId, stayId) => resendGuestCode(deps, accountId, stayId),
    },
  };
}
