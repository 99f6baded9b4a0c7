import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { webhookDeliveries, webhookEndpoints } from "../../db/schema";
import type { WebhookEventType } from "../../domain/webhooks";
import { jobIdFor } from "../../jobs/job-ids";
import { jobKeys } from "../../jobs/job-keys";
import { newId } from "../../lib/ids";
import type { ServiceDeps } from "../deps";

export interface WebhookEvent {
  accountId: string;
  type: WebhookEventType;
  /** What made it, stable across re-runs (`stay_x:v3`): one delivery per endpoint however often it is published. */
  key: string;
  /** Ids and states only: never a PIN, a phone number, an email address or a feed URL. */
  data: Record<string, unknown>;
}

type Deps = Pick<ServiceDeps, "db" | "clock" | "jobs" | "logger">;

/**
 * Hands one event to every enabled endpoint of the account that picked its type: a delivery row each (the body as it
 * will be signed and sent, on every attempt), then its first attempt's job after commit. An enqueue that fails is
 * logged; the reconciler re-creates the job from the pending row.
 */
export async function publishWebhookEvent(deps: Deps, event: WebhookEvent): Promise<number> {
  const endpoints = subscribers(deps.db, event.accountId, (type) => type === event.type);
  if (endpoints.length === 0) return 0;
  const now = deps.clock.now();
  const body = JSON.stringify({ type: event.type, timestamp: now.toISOString(), data: event.data });
  const created = deps.db.transaction(() =>
    endpoints.flatMap((endpoint) => {
      const row = { id: newId("whdl"), version: 1 };
      const inserted = deps.db.insert(webhookDeliveries).values({
        ...row, accountId: event.accountId, endpointId: endpoint.id, eventType: event.type, eventKey: `${event.type}:${event.key}`, body,
        nextAttemptAt: now, createdAt: now, updatedAt: now,
      }).onConflictDoNothing().run();
      return inserted.changes === 1 ? [row] : [];
    }),
  );
  for (const row of created) await enqueueDeliveryAttempt(deps, row, now);
  return created.length;
}

/** The account's enabled endpoints that picked a type matching `wants`. */
function subscribers(db: Db, accountId: string, wants: (type: string) => boolean) {
  return db.select({ id: webhookEndpoints.id, eventTypes: webhookEndpoints.eventTypes }).from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.accountId, accountId), eq(webhookEndpoints.status, "enabled"))).all()
    .filter((e) => e.eventTypes.some(wants));
}

/** Whether any enabled endpoint of the account picked a type starting with `prefix`: a sync's many stays skip reading when none did. */
export const anySubscriber = (db: Db, accountId: string, prefix: string) => subscribers(db, accountId, (type) => type.startsWith(prefix)).length > 0;

export async function enqueueDeliveryAttempt(deps: Pick<ServiceDeps, "jobs" | "logger">, row: { id: string; version: number }, runAt: Date): Promise<void> {
  try {
    await deps.jobs.enqueue("webhooks.deliver", { deliveryId: row.id }, { jobId: jobIdFor("webhooks.deliver", jobKeys.webhookDelivery(row)), runAt });
  } catch (err) {
    deps.logger.warn({ deliveryId: row.id, err: (err as Error).message }, "could not enqueue a webhook attempt; the reconciler will");
  }
}
