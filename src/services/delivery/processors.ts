import type { JobHandlers } from "../../jobs/port";
import { deliverMessage } from "./deliver-message";
import type { DeliveryDeps } from "./delivery-deps";
import { runCleanerDigest } from "./schedule-cleaner-notice";

/** Delivery's processors: the `messages` queue. */
export function deliveryProcessors(deps: DeliveryDeps): Pick<JobHandlers, "messages.deliver" | "messages.cleaner-digest"> {
  return {
    "messages.deliver": (payload, ctx) => deliverMessage(deps, payload, ctx),
    "messages.cleaner-digest": async (payload) => {
      await runCleanerDigest(deps, payload);
    },
  };
}
