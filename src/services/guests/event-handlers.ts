import type { ServiceDeps } from "../deps";
import type { EventReactions } from "../events";
import { resolveGuestUnreachable } from "./guest-reach";

/** A stay that changed may have gained a phone or email (the host typed it, the guest left it): its guest is reachable now. */
export function guestEventHandlers(deps: ServiceDeps): EventReactions<"stay.changed"> {
  return {
    "stay.changed": ({ stayId }) => resolveGuestUnreachable(deps, stayId),
  };
}
