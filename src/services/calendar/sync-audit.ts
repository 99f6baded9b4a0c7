import type Database from "better-sqlite3";
import { getTableConfig } from "drizzle-orm/sqlite-core";
import { auditEvents } from "../../db/schema";
import { newId } from "../../lib/ids";
import type { AuditInput } from "../audit/record-audit";

const COLUMNS = {
  id: auditEvents.id, at: auditEvents.at, accountId: auditEvents.accountId, actor: auditEvents.actor, action: auditEvents.action,
  subjectType: auditEvents.subjectType, subjectId: auditEvents.subjectId, outcome: auditEvents.outcome, provider: auditEvents.provider,
  providerRequestId: auditEvents.providerRequestId, detail: auditEvents.detail,
};
const statements = new WeakMap<Database.Database, Database.Statement>();

function insertStatement(sqlite: Database.Database): Database.Statement {
  let statement = statements.get(sqlite);
  if (!statement) {
    const names = Object.values(COLUMNS).map((column) => `"${column.name}"`);
    const params = Object.keys(COLUMNS).map((key) => `@${key}`);
    statement = sqlite.prepare(`INSERT INTO "${getTableConfig(auditEvents).name}" (${names.join(", ")}) VALUES (${params.join(", ")})`);
    statements.set(sqlite, statement);
  }
  return statement;
}

/**
 * The same row as `recordAudit`, through one prepared statement: every sync of every feed writes one (an unchanged
 * feed every ten minutes), and building drizzle's insert for it cost about as much as the rest of an unchanged sync's
 * SQL. Values go through the columns' own encoders, so the stored form cannot drift from `recordAudit`'s.
 */
export function recordSyncAudit(sqlite: Database.Database, at: Date, input: AuditInput): string {
  const id = newId("evt");
  insertStatement(sqlite).run({
    id,
    at: COLUMNS.at.mapToDriverValue(at),
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
