import type { JobHandlers } from "../jobs/port";
import { reconcileProcessor, type Reconciler } from "../jobs/reconciler";
import { accessCodeProcessors } from "../services/access/processors";
import { alertProcessors } from "../services/alerts/processors";
import { calendarProcessors } from "../services/calendar/processors";
import type { ServiceDeps } from "../services/deps";
import { deliveryProcessors } from "../services/delivery/processors";
import { grantProcessors } from "../services/grants/processors";
import { doorProcessors } from "../services/door/processors";
import { guestProcessors } from "../services/guests/processors";
import { healthProcessors } from "../services/health/processors";
import { webhookProcessors } from "../services/webhooks/processors";

/**
 * Every job's processor, each capability's from its own processors file. The return type is the complete
 * `JobHandlers`, so a job added to jobs/definitions without a processor here does not build.
 */
export function jobProcessors(deps: ServiceDeps, reconciler: Reconciler): JobHandlers {
  return {
    ...reconcileProcessor(reconciler),
    ...calendarProcessors(deps),
    ...accessCodeProcessors(deps),
    ...grantProcessors(deps),
    ...deliveryProcessors(deps),
    ...alertProcessors(deps),
    ...healthProcessors(deps),
    ...doorProcessors(deps),
    ...guestProcessors(deps),
    ...webhookProcessors(deps),
  };
}
