import type { Processors } from "../jobs/handlers";
import type { LifecycleHooks, ServiceDeps } from "../services/deps";

/** Every capability's job processors, registered under their job names. */
export function collectProcessors(_deps: ServiceDeps): Processors {
  return {};
}

/** How capabilities hear about each other's changes (always after the caller's transaction commits). */
export function wireHooks(_deps: ServiceDeps): Partial<LifecycleHooks> {
  return {};
}
