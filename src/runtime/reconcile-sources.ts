import { combineSources } from "../jobs/reconcile-source";
import { accessReconcileSources } from "../services/access/reconcile-sources";
import { alertReconcileSources } from "../services/alerts/reconcile-sources";
import { calendarReconcileSources } from "../services/calendar/reconcile-sources";
import { deliveryReconcileSources } from "../services/delivery/reconcile-sources";
import { grantReconcileSources } from "../services/grants/reconcile-sources";
import { doorReconcileSources } from "../services/door/reconcile-sources";
import { guestReconcileSources } from "../services/guests/reconcile-sources";
import { healthReconcileSources } from "../services/health/reconcile-sources";

/** Every capability's reconcile sources: what the reconciler asks, each pass, for the jobs the database wants. */
export const reconcileSources = combineSources(
  calendarReconcileSources,
  accessReconcileSources,
  grantReconcileSources,
  deliveryReconcileSources,
  alertReconcileSources,
  healthReconcileSources,
  doorReconcileSources,
  guestReconcileSources,
);
