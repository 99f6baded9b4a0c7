import type { JobHandlers } from "../../jobs/port";
import type { ServiceDeps } from "../deps";
import { planGrant } from "./plan-grant";

export type GrantProcessors = Pick<JobHandlers, "access-codes.plan-grant">;

/** Access grants' processor: not stale-guarded, it plans the grant as it is when it runs (an older run finds less to do). */
export function grantProcessors(deps: ServiceDeps): GrantProcessors {
  return {
    "access-codes.plan-grant": ({ grantId }) => planGrant(deps, grantId),
  };
}
