import type { ServiceDeps } from "../deps";
import type { EventReactions } from "../events";
import { countGrantUse } from "./count-uses";

/** How grants follow door activity: an unlock by a limited-uses grant's code counts one use. */
export function grantEventHandlers(deps: ServiceDeps): EventReactions<"door.unlocked"> {
  return {
    "door.unlocked": (event) => countGrantUse(deps, event),
  };
}
