import type { JobHandlers } from "../../jobs/port";
import { deliverMessage } from "./deliver-message";
import { runCleanerDigest } from "./schedule-cleaner-notice";
import type { ServiceDeps } from "../deps";

/** Delivery's processors: the `messages` queue. */
export function deliveryProcessors(deps: ServiceDeps): Pick<JobHandlers, "messages.deliver" | "messages.cleaner-digest"> {
  return {
    "messages.deliver": (payload, ctx) => deliverMessage(deps, payload, ctx),
    "messages.cleaner-digest": async (payload) => {
      await runCleanerDigest(deps, payload);
    },
  };
}
