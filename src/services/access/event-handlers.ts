import type { ServiceDeps } from "../deps";
import type { EventReactions } from "../events";
import { enqueuePlanStay } from "./plan-stay-access";

/** How access codes follow the other capabilities: a stay changed anywhere is planned again (one job per version). */
export function accessEventHandlers(deps: ServiceDeps): EventReactions<"stay.changed"> {
  return {
    "stay.changed": ({ stayId }) => enqueuePlanStay(deps, stayId),
  };
}
