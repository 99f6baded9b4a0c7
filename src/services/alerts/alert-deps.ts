import type { ServiceDeps } from "../deps";
import { DEFAULT_ALERT_POLICY, type AlertPolicy } from "./alert-policy";

/** What alerting needs: no feed fetch, and a lock provider only for the health check. */
export type AlertDeps = Pick<ServiceDeps, "db" | "box" | "clock" | "logger" | "jobs" | "messaging"> & {
  alertPolicy?: Partial<AlertPolicy>;
};

export const policyOf = (deps: Pick<AlertDeps, "alertPolicy">): AlertPolicy => ({ ...DEFAULT_ALERT_POLICY, ...deps.alertPolicy });
