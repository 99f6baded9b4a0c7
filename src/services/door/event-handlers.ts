import type { ServiceDeps } from "../deps";
import type { EventReactions } from "../events";
import { noteArrival } from "./arrival";

/** How door activity reacts to what the locks report: the first unlock by a stay's code is its arrival. */
export function doorEventHandlers(deps: ServiceDeps): EventReactions<"door.event"> {
  return {
    "door.event": ({ lockEventId }) => noteArrival(deps, lockEventId),
  };
}
