import { accessEventHandlers } from "../services/access/event-handlers";
import type { ServiceDeps } from "../services/deps";
import { deliveryEventHandlers } from "../services/delivery/event-handlers";
import { createServiceEvents, type ServiceEventHandlers } from "../services/events";
import { doorEventHandlers } from "../services/door/event-handlers";
import { grantEventHandlers } from "../services/grants/event-handlers";
import { guestEventHandlers } from "../services/guests/event-handlers";
import { healthEventHandlers } from "../services/health/event-handlers";
import { webhookEventHandlers } from "../services/webhooks/event-handlers";

/**
 * Who reacts to each event, in the order they run, each capability's reactions from its own event-handlers file. The
 * return type is complete, so an event added to services/events without a line here does not build.
 */
export function eventHandlers(deps: ServiceDeps): ServiceEventHandlers {
  const access = accessEventHandlers(deps);
  const delivery = deliveryEventHandlers(deps);
  const health = healthEventHandlers(deps);
  const door = doorEventHandlers(deps);
  const grants = grantEventHandlers(deps);
  const guests = guestEventHandlers(deps);
  const webhooks = webhookEventHandlers(deps);
  return {
    "stay.changed": [access["stay.changed"], delivery["stay.changed"], guests["stay.changed"], webhooks["stay.changed"]],
    "feed.stays-changed": [webhooks["feed.stays-changed"]],
    "code.settled": [webhooks["code.settled"]],
    "message.settled": [webhooks["message.settled"]],
    "alert.changed": [webhooks["alert.changed"]],
    "guest-code.ready": [delivery["guest-code.ready"], health["guest-code.ready"]],
    "guest-code.moved": [delivery["guest-code.moved"]],
    "guest-code.sent": [health["guest-code.sent"]],
    "turnover.changed": [delivery["turnover.changed"], door["turnover.changed"]],
    "feed.synced": [health["feed.synced"]],
    "door.event": [door["door.event"], webhooks["door.event"]],
    "door.unlocked": [grants["door.unlocked"]],
    "grant.ready": [delivery["grant.ready"]],
    "grant.changed": [delivery["grant.changed"]],
  };
}

/** Completes deps with the one event mechanism (the handlers above, over these same deps, which they close over). */
export function withServiceEvents<D extends Omit<ServiceDeps, "events">>(deps: D): D & Pick<ServiceDeps, "events"> {
  const wired = deps as D & Pick<ServiceDeps, "events">;
  wired.events = createServiceEvents(eventHandlers(wired), () => wired.logger);
  return wired;
}
