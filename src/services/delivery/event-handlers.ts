import type { ServiceDeps } from "../deps";
import type { EventReactions } from "../events";
import { scheduleCleanerNotice } from "./schedule-cleaner-notice";
import { sendGrantMessage } from "./schedule-grant-message";
import { scheduleGuestCodeMessages, scheduleGuestUpdate } from "./schedule-guest-messages";

/** How messages follow the codes and stays they announce. Each schedule is idempotent, so hearing twice is harmless. */
export function deliveryEventHandlers(deps: ServiceDeps): EventReactions<"stay.changed" | "guest-code.ready" | "guest-code.moved" | "turnover.changed" | "grant.ready" | "grant.changed"> {
  return {
    // A phone or email added after the code was confirmed: the code is ready, only the message was missing. Nothing is
    // scheduled unless a confirmed code exists.
    "stay.changed": ({ stayId }) => scheduleGuestCodeMessages(deps, stayId),
    "guest-code.ready": ({ stayId }) => scheduleGuestCodeMessages(deps, stayId),
    "guest-code.moved": ({ stayId }) => scheduleGuestUpdate(deps, stayId),
    "turnover.changed": ({ turnoverId }) => scheduleCleanerNotice(deps, turnoverId),
    // A grant's person hears once every lock has the code, and again when the host moves its end.
    "grant.ready": ({ grantId }) => sendGrantMessage(deps, grantId, "first"),
    "grant.changed": ({ grantId }) => sendGrantMessage(deps, grantId, "update"),
  };
}
