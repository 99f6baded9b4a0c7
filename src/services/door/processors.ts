import type { JobHandlers } from "../../jobs/port";
import type { ServiceDeps } from "../deps";
import { runDoorSweep } from "./door-sweep";

/** Door activity's processors: the periodic sweep. */
export function doorProcessors(deps: ServiceDeps): Pick<JobHandlers, "alerts.door-sweep"> {
  return {
    "alerts.door-sweep": async () => {
      await runDoorSweep(deps);
    },
  };
}
