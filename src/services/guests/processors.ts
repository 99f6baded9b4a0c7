import type { JobHandlers } from "../../jobs/port";
import type { ServiceDeps } from "../deps";
import { checkGuestReach } from "./guest-reach";

/** The guest page capability's one job: the sweep for guests nobody can reach. */
export function guestProcessors(deps: ServiceDeps): Pick<JobHandlers, "alerts.check-guest-reach"> {
  return {
    "alerts.check-guest-reach": async () => {
      await checkGuestReach(deps);
    },
  };
}
