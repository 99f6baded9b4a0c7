import type { Db } from "../../db/client";
import type { Clock } from "../../lib/clock";
import type { OnProviderCall } from "../../providers/locks";
import { recordLockCall } from "../../lib/metrics";
import { recordAudit } from "../audit/record-audit";
import type { LockRow } from "../deps";

/**
 * The `onCall` hook to give every lock provider built for this lock: each external call becomes one audit event,
 * with the vendor's request id and no PIN (the providers' audit record has no field that could hold one), and one
 * observation in the provider call metrics.
 */
export function lockCallAuditor(db: Db, clock: Clock, lock: Pick<LockRow, "id" | "accountId">): OnProviderCall {
  return (call) => {
    recordLockCall(call);
    recordAudit(db, clock, {
      accountId: lock.accountId,
      actor: "system",
      action: `lock.${call.action}`,
      subjectType: "lock",
      subjectId: lock.id,
      outcome: call.status === "ok" ? "ok" : "error",
      provider: call.provider,
      ...(call.requestId ? { providerRequestId: call.requestId } : {}),
      detail: { status: call.status, ms: call.ms, ...(call.codeId ? { providerCodeId: call.codeId } : {}) },
    });
  };
}
