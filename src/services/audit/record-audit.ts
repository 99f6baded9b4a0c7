import type { Db } from "../../db/client";
import { auditEvents } from "../../db/schema";
import type { Clock } from "../../lib/clock";
import { newId } from "../../lib/ids";

export interface AuditInput {
  accountId: string;
  /** `system`, `job:<name>`, `api_key:<id>`, `user:<id>`, `webhook:<provider>`. */
  actor: string;
  /** e.g. `lock.code.create`, `feed.sync`, `message.send`. */
  action: string;
  subjectType: string;
  subjectId: string;
  outcome?: "ok" | "error";
  provider?: string;
  providerRequestId?: string;
  /** Never a PIN, phone number, feed URL or credential. */
  detail?: Record<string, unknown>;
}

/** Append-only: every external action leaves one row, with the provider's request id when it gave one. */
export function recordAudit(db: Db, clock: Clock, input: AuditInput): string {
  const id = newId("evt");
  db.insert(auditEvents)
    .values({
      id,
      at: clock.now(),
      accountId: input.accountId,
      actor: input.actor,
      action: input.action,
      subjectType: input.subjectType,
      subjectId: input.subjectId,
      outcome: input.outcome ?? "ok",
      provider: input.provider ?? null,
      providerRequestId: input.providerRequestId ?? null,
      detail: input.detail ?? null,
    })
    .run();
  return id;
}
