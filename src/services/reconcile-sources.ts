import { combineSources } from "../jobs/reconcile-source";
import { accessReconcileSources } from "./access/reconcile-sources";
import { alertReconcileSources } from "./alerts/reconcile-sources";
import { calendarReconcileSources } from "./calendar/reconcile-sources";
import { deliveryReconcileSources } from "./delivery/reconcile-sources";
import { grantReconcileSources } from "./grants/reconcile-sources";
import { doorReconcileSources } from "./door/reconcile-sources";
import { guestReconcileSources } from "./guests/reconcile-sources";
import { healthReconcileSources } from "./health/reconcile-sources";
import { webhookReconcileSources } from "./webhooks/reconcile-sources";

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
  webhookReconcileSources,
);
