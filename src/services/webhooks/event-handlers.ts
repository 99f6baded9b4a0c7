import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { feeds } from "../../db/schema";
import type { ServiceDeps } from "../deps";
import type { EventReactions } from "../events";
import { alertEvent, codeEvent, doorEvent, messageEvent, stayEvent } from "./event-payloads";
import { anySubscriber, publishWebhookEvent, type WebhookEvent } from "./publish-event";

/**
 * Outbound webhooks react to the other capabilities' events: each is read back into a webhook event (ids and states)
 * and handed to the endpoints that picked it. An account without endpoints costs one indexed lookup per event.
 */
export function webhookEventHandlers(deps: ServiceDeps): EventReactions<"stay.changed" | "feed.stays-changed" | "code.settled" | "message.settled" | "alert.changed" | "door.event"> {
  const publish = async (read: (db: Db, id: string) => WebhookEvent | null, id: string) => {
    const event = read(deps.db, id);
    if (event) await publishWebhookEvent(deps, event);
  };
  return {
    "stay.changed": ({ stayId }) => publish(stayEvent, stayId),
    "feed.stays-changed": async ({ feedId, stayIds }) => {
      const feed = deps.db.select({ accountId: feeds.accountId }).from(feeds).where(eq(feeds.id, feedId)).get();
      if (!feed || !anySubscriber(deps.db, feed.accountId, "stay.")) return;
      for (const id of stayIds) await publish(stayEvent, id);
    },
    "code.settled": ({ codeId }) => publish(codeEvent, codeId),
    "message.settled": ({ messageId }) => publish(messageEvent, messageId),
    "alert.changed": ({ alertId }) => publish(alertEvent, alertId),
    "door.event": ({ lockEventId }) => publish(doorEvent, lockEventId),
  };
}
