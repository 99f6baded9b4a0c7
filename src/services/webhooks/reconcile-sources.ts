import { and, eq, lte } from "drizzle-orm";
import { webhookDeliveries } from "../../db/schema";
import { jobKeys } from "../../jobs/job-keys";
import { desiredJob, type ReconcileSource, type ReconcileSources } from "../../jobs/reconcile-source";

/** Every pending delivery wants the job for its next attempt, at the time it is due. */
export const webhookAttemptsDue: ReconcileSource = ({ db, until }) =>
  db.select({ id: webhookDeliveries.id, version: webhookDeliveries.version, nextAttemptAt: webhookDeliveries.nextAttemptAt }).from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.status, "pending"), lte(webhookDeliveries.nextAttemptAt, until))).all()
    .map((d) => desiredJob("webhooks.deliver", { deliveryId: d.id }, jobKeys.webhookDelivery(d), d.nextAttemptAt ?? until));

export const webhookReconcileSources: ReconcileSources = { repairs: { webhookAttemptsDue } };
