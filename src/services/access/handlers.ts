import type { JobHandlers } from "../../jobs/port";
import { skipIfStale } from "../../jobs/stale-guard";
import type { ServiceDeps } from "../deps";
import { accessQueries } from "./access-queries";
import { planStayAccess } from "./plan-stay-access";
import { programCode } from "./program-code";
import { revokeCode } from "./revoke-code";
import { verifyCode } from "./verify-code";

export type AccessCodeHandlers = Pick<
  JobHandlers,
  "access-codes.plan-stay" | "access-codes.program-code" | "access-codes.verify-code" | "access-codes.revoke-code"
>;

/** The four `access-codes` processors, for `createHandlers(…, processors)`. */
export function createAccessCodeHandlers(deps: ServiceDeps): AccessCodeHandlers {
  return {
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
