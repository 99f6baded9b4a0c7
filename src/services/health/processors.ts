import type { JobHandlers } from "../../jobs/port";
import type { ServiceDeps } from "../deps";
import { runDailyCheck } from "./daily-check";
import { checkAllFeeds } from "./feed-health-alerts";
import { runLockHealthJob } from "./lock-health-job";

/** The health checks' processors: each lock's half-hourly check, each property's morning check, the feed sweep. */
export function healthProcessors(deps: ServiceDeps): Pick<JobHandlers, "lock-health.check-lock" | "alerts.daily-check" | "alerts.check-feeds"> {
  return {
    "lock-health.check-lock": async ({ lockId }) => {
      await runLockHealthJob(deps, lockId);
    },
    "alerts.daily-check": async ({ propertyId }) => {
      await runDailyCheck(deps, propertyId);
    },
    "alerts.check-feeds": async () => {
      await checkAllFeeds(deps);
    },
  };
}
