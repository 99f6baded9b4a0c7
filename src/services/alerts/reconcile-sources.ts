import { and, eq, isNotNull, isNull, or, sql } from "drizzle-orm";
import { alerts } from "../../db/schema";
import { jobKeys } from "../../jobs/job-keys";
import { desiredJob, type ReconcileSource, type ReconcileSources } from "../../jobs/reconcile-source";

export const alertsToNotify: ReconcileSource = ({ db, now }) =>
  db.select({ id: alerts.id, status: alerts.status, severity: alerts.severity }).from(alerts)
    .where(or(
      and(eq(alerts.status, "open"), or(isNull(alerts.notifiedAt), sql`${alerts.notifiedSeverity} is not ${alerts.severity}`)),
      and(eq(alerts.status, "resolved"), isNotNull(alerts.notifiedAt), isNull(alerts.resolutionNotifiedAt)),
    )).all()
    .map((a) => desiredJob("alerts.notify", { alertId: a.id }, jobKeys.alert(a), now));

/**
 * The jobs the alerts' records say should exist: a notify job for every alert that owes its host an opening,
 * escalation or resolution notice. `alerts.digest` needs no source of its own: it is the notify job that names the
 * account's digest, and a notice stays owed (and so its notify job wanted here) until a digest has sent it, so a
 * digest lost with the queue comes back through a re-created notify job. Reminders are not the reconciler's: one
 * goes out when a still-open alert is raised again after the quiet period, and that raise enqueues its notify job.
 */
export const alertReconcileSources: ReconcileSources = { repairs: { alertsToNotify } };
