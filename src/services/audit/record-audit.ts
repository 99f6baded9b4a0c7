import type Database from "better-sqlite3";
import { getTableConfig } from "drizzle-orm/sqlite-core";
import type { Db } from "../../db/client";
import { preparedOnce } from "../../db/prepared-once";
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

const COLUMNS = {
  id: auditEvents.id, at: auditEvents.at, accountId: auditEvents.accountId, actor: auditEvents.actor, action: auditEvents.action,
  subjectType: auditEvents.subjectType, subjectId: auditEvents.subjectId, outcome: auditEvents.outcome, provider: auditEvents.provider,
  providerRequestId: auditEvents.providerRequestId, detail: auditEvents.detail,
};
const insertStatement = preparedOnce((sqlite: Database.Database) => {
  const names = Object.values(COLUMNS).map((column) => `"${column.name}"`);
  const params = Object.keys(COLUMNS).map((key) => `@${key}`);
  return sqlite.prepare(`INSERT INTO "${getTableConfig(auditEvents).name}" (${names.join(", ")}) VALUES (${params.join(", ")})`);
});

/**
 * Append-only: every external action leaves one row, with the provider's request id when it gave one. One prepared
 * statement per database: every feed sync and every lock call writes a row, and rebuilding drizzle's insert each time
 * cost as much as the rest of an unchanged sync. Values go through the columns' own encoders.
 */
export function recordAudit(db: Db, clock: Clock, input: AuditInput): string {
  const id = newId("evt");
  insertStatement(db.$client).run({
    id,
    at: COLUMNS.at.mapToDriverValue(clock.now()),
    accountId: input.accountId,
    actor: input.actor,
    action: input.action,
    subjectType: input.subjectType,
    subjectId: input.subjectId,
    outcome: input.outcome ?? "ok",
    provider: input.provider ?? null,
    providerRequestId: input.providerRequestId ?? null,
    detail: input.detail === undefined ? null : COLUMNS.detail.mapToDriverValue(input.detail),
  });
  return id;
}
