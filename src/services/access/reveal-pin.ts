import { and, eq } from "drizzle-orm";
import type { CoreDeps } from "../../deps";
import { accessCodes } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { openPin, type CodeRow } from "./code-records";

/**
 * The one way a person reads a door code's PIN (API `GET /access-codes/{id}`, the dashboard's "Show PIN"): the code
 * is looked up in the caller's account, and who read it and when is kept in the audit log (never the PIN). Null when
 * the account has no such code.
 */
export function revealCodePin(
  deps: Pick<CoreDeps, "db" | "box" | "clock">,
  accountId: string,
  codeId: string,
  actor: string,
): { code: CodeRow; pin: string } | null {
  const code = deps.db.select().from(accessCodes).where(and(eq(accessCodes.id, codeId), eq(accessCodes.accountId, accountId))).get();
  if (!code) return null;
  const pin = openPin(deps.box, code);
  recordAudit(deps.db, deps.clock, { accountId, actor, action: "access_code.pin_viewed", subjectType: "access_code", subjectId: code.id });
  return { code, pin };
}
