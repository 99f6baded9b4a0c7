import type { JobHandlers } from "../../jobs/port";
import type { ServiceDeps } from "../deps";
import { deliverWebhook } from "./deliver-webhook";

/** Outbound webhooks' processors: the `webhooks` queue. */
export function webhookProcessors(deps: ServiceDeps): Pick<JobHandlers, "webhooks.deliver"> {
  return { "webhooks.deliver": (payload, ctx) => deliverWebhook(deps, payload, ctx) };
}
