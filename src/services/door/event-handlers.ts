import type { ServiceDeps } from "../deps";
import type { EventReactions } from "../events";
import { noteArrival } from "./arrival";
import { autoCheckoutOnLock } from "./auto-checkout";
import { judgeDoorEvent } from "./security-alerts";
import { tellCleanersTurnoverNow } from "./turnover-now";

/**
 * How door activity reacts to what the locks report: the first unlock by a stay's code is its arrival, and every
 * event is judged for the security record (a revoked code that still works, tampering, guessing at the keypad), and
 * where the host opted in, the door locked on the checkout morning checks the stay out. A turnover that an early
 * checkout started tells its cleaners to go now.
 */
export function doorEventHandlers(deps: ServiceDeps): EventReactions<"door.event" | "turnover.changed"> {
  return {
    "door.event": async ({ lockEventId }) => {
      await noteArrival(deps, lockEventId);
      await judgeDoorEvent(deps, lockEventId);
      await autoCheckoutOnLock(deps, lockEventId);
    },
    "turnover.changed": ({ turnoverId }) => tellCleanersTurnoverNow(deps, turnoverId),
  };
}
