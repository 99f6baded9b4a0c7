import { eq } from "drizzle-orm";
import { listAccountPage } from "../../db/account-page";
import type { WebhookDeliveryRow } from "../../db/rows";
import { webhookDeliveries } from "../../db/schema";
import type { ServiceDeps } from "../deps";
import { conflict, notFound } from "../errors";
import { lookups } from "../lookups";
import { enqueueDeliveryAttempt } from "./publish-event";

export type { WebhookDeliveryRow };

/** One endpoint's deliveries, oldest first (cursor paging like every list), each with its attempts. */
export function listWebhookDeliveries(deps: Pick<ServiceDeps, "db">, accountId: string, endpointId: string, q: { limit: number; cursor?: string }) {
  lookups.webhookEndpoint.find(deps.db, accountId, endpointId);
  return listAccountPage(deps.db, webhookDeliveries, accountId, [eq(webhookDeliveries.endpointId, endpointId)], q);
}

/** The delivery as the API and the dashboard show it: the event it carries, parsed, and every attempt. */
export function presentDelivery(row: WebhookDeliveryRow) {
  return {
    id: row.id, endpointId: row.endpointId, eventType: row.eventType, status: row.status, nextAttemptAt: row.nextAttemptAt,
    deliveredAt: row.deliveredAt, attempts: row.attempts, payload: JSON.parse(row.body) as Record<string, unknown>, createdAt: row.createdAt,
  };
}

/**
 * Sends a finished delivery again (same id and body, so a receiver that already has it can tell), starting a fresh
 * round of attempts. One still pending is already on its way: a conflict.
 */
export async function redeliverWebhook(deps: Pick<ServiceDeps, "db" | "clock" | "jobs" | "logger">, accountId: string, endpointId: string, deliveryId: string): Promise<WebhookDeliveryRow> {
  const endpoint = lookups.webhookEndpoint.find(deps.db, accountId, endpointId);
  const delivery = lookups.webhookDelivery.find(deps.db, accountId, deliveryId);
  if (delivery.endpointId !== endpoint.id) throw notFound(`webhook delivery ${deliveryId}`);
  if (delivery.status === "pending") throw conflict("this delivery is still being attempted; wait for it to finish");
  if (endpoint.status !== "enabled") throw conflict("the endpoint is disabled; enable it first");
  const now = deps.clock.now();
  const version = delivery.version + 1;
  deps.db.update(webhookDeliveries).set({ status: "pending", version, nextAttemptAt: now, updatedAt: now }).where(eq(webhookDeliveries.id, delivery.id)).run();
  await enqueueDeliveryAttempt(deps, { id: delivery.id, version }, now);
  return lookups.webhookDelivery.find(deps.db, accountId, deliveryId);
}
