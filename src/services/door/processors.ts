import type { JobHandlers } from "../../jobs/port";
import type { ServiceDeps } from "../deps";
import { runDoorSweep } from "./door-sweep";
import { pollSeamEvents, seamEventPollMs } from "./poll-seam-events";

/** Door activity's processors: the periodic sweep, and the Seam event poll. */
export function doorProcessors(deps: ServiceDeps): Pick<JobHandlers, "alerts.door-sweep" | "lock-health.poll-seam-events"> {
  return {
    "alerts.door-sweep": async () => {
      await runDoorSweep(deps);
    },
    "lock-health.poll-seam-events": async ({ connectionId }) => {
      // A poll queued before polling was turned off (or a webhook secret was set) has nothing left to do.
      if (seamEventPollMs(deps.config) === null) return;
      await pollSeamEvents(deps, connectionId);
    },
  };
}
