import type { JobHandlers } from "../../jobs/port";
import { flushAlertNotices } from "./flush-alert-notices";
import { notifyAlert } from "./notify-alert";
import type { ServiceDeps } from "../deps";

/** The alerts' own processors: hand each notice to the account's digest, and send the digest. */
export function alertProcessors(deps: ServiceDeps): Pick<JobHandlers, "alerts.notify" | "alerts.digest"> {
  return {
    "alerts.notify": async ({ alertId }) => {
      await notifyAlert(deps, alertId);
    },
    "alerts.digest": async ({ accountId }) => {
      await flushAlertNotices(deps, accountId);
    },
  };
}
