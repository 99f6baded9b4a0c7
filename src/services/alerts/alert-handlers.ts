import type { JobHandlers } from "../../jobs/port";
import type { ServiceDeps } from "../deps";
import type { AlertPolicy } from "./alert-policy";
import { runLockHealthJob } from "../health/lock-health-job";
import { runDailyCheck } from "../health/daily-check";
import { checkAllFeeds } from "../health/feed-health";
import { flushAlertNotices } from "./flush-alert-notices";
import { notifyAlert } from "./notify-alert";

export type AlertJobName = "lock-health.check-lock" | "alerts.notify" | "alerts.daily-check" | "alerts.digest" | "alerts.check-feeds";

/** The processors for the lock-health and alerts queues, for `createHandlers(…, processors)`. */
export function createAlertHandlers(deps: ServiceDeps & { alertPolicy?: Partial<AlertPolicy> }): Pick<JobHandlers, AlertJobName> {
  return {
    "lock-health.check-lock": async ({ lockId }) => {
      await runLockHealthJob(deps, lockId);
    },
    "alerts.notify": async ({ alertId }) => {
      await notifyAlert(deps, alertId);
    },
    "alerts.digest": async ({ accountId }) => {
      await flushAlertNotices(deps, accountId);
    },
    "alerts.daily-check": async ({ propertyId }) => {
      await runDailyCheck(deps, propertyId);
    },
    "alerts.check-feeds": async () => {
      await checkAllFeeds(deps);
    },
  };
}
