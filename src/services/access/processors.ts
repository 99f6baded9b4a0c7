import type { JobHandlers } from "../../jobs/port";
import { skipIfStale } from "../../jobs/stale-guard";
import type { ServiceDeps } from "../deps";
import { accessQueries } from "./access-queries";
import { planPropertyAccess, planStayAccess } from "./plan-stay-access";
import { programCode } from "./program-code";
import { revokeCode } from "./revoke-code";
import { verifyCode } from "./verify-code";

export type AccessCodeProcessors = Pick<
  JobHandlers,
  "access-codes.plan-property" | "access-codes.plan-stay" | "access-codes.program-code" | "access-codes.verify-code" | "access-codes.revoke-code"
>;

/** The code lifecycle's processors: the `access-codes` queue. */
export function accessCodeProcessors(deps: ServiceDeps): AccessCodeProcessors {
  return {
    // Not stale-guarded: it plans whatever is unplanned when it runs, so an older one simply finds less to do.
    "access-codes.plan-property": async ({ propertyId }) => {
      await planPropertyAccess(deps, propertyId);
    },
    "access-codes.plan-stay": async ({ stayId }, ctx) => {
      const stay = accessQueries(deps.db).stayVersion.get({ stayId });
      // A newer version of the stay has its own plan job; this one would only redo (or undo) part of it.
      if (skipIfStale("access-codes.plan-stay", ctx, stay, deps.logger)) return;
      await planStayAccess(deps, stayId);
    },
    "access-codes.program-code": ({ codeId }, ctx) => programCode(deps, codeId, ctx),
    "access-codes.verify-code": ({ codeId }, ctx) => verifyCode(deps, codeId, ctx),
    "access-codes.revoke-code": ({ codeId }, ctx) => revokeCode(deps, codeId, ctx),
  };
}
