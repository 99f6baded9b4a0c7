import type { JobHandlers } from "../../jobs/port";
import type { AlertDeps } from "./alert-deps";
import { flushAlertNotices } from "./flush-alert-notices";
import { notifyAlert } from "./notify-alert";

/** The alerts' own processors: hand each notice to the account's digest, and send the digest. */
export function alertProcessors(deps: AlertDeps): Pick<JobHandlers, "alerts.notify" | "alerts.digest"> {
  return {
    "alerts.notify": async ({ alertId }) => {
      await notifyAlert(deps, alertId);
    },
    "alerts.digest": async ({ accountId }) => {
      await flushAlertNotices(deps, accountId);
    },
  };
}
