import type { CoreDeps } from "../../deps";
import { isLive } from "../../domain/access";
import { recordAudit } from "../audit/record-audit";
import { conflict, ServiceError } from "../errors";
import { findAccessCode, findStay } from "../lookups";
import { openPin, type CodeRow } from "./code-records";

type Deps = Pick<CoreDeps, "db" | "box" | "clock">;

/**
 * The one way a person reads a door code's PIN (API `GET /access-codes/{id}`, the dashboard's "Show PIN"): the code
 * is looked up in the caller's account (not_found otherwise), and who read it and when is kept in the audit log
 * (never the PIN).
 */
export function revealCodePin(deps: Deps, accountId: string, codeId: string, actor: string): { code: CodeRow; pin: string } {
  const code = findAccessCode(deps.db, accountId, codeId);
  return { code, pin: readPin(deps, code, actor) };
}

function readPin(deps: Deps, code: CodeRow, actor: string): string {
  const pin = openPin(deps.box, code);
  recordAudit(deps.db, deps.clock, { accountId: code.accountId, actor, action: "access_code.pin_viewed", subjectType: "access_code", subjectId: code.id });
  return pin;
}

/** The states in which a person may read a code's PIN from its stay: it can still open the door. */
export const pinReadable = (code: Pick<CodeRow, "state">) => isLive(code.state);

/**
 * The dashboard's "Show PIN" on a stay's page: a host may need to read the PIN to a guest on the phone, but only of a
 * code that belongs to this stay (its own or a backup handed to it) and only while it can still open the door.
 */
export function revealStayCodePin(deps: Deps, accountId: string, stayId: string, codeId: string, actor: string): { code: CodeRow; pin: string } {
  const stay = findStay(deps.db, accountId, stayId);
  const code = findAccessCode(deps.db, accountId, codeId);
  if (code.stayId !== stay.id && code.assignedStayId !== stay.id) throw new ServiceError("not_found", "That door code is not part of this stay.");
  if (!pinReadable(code)) throw conflict("That code no longer opens the door, so its PIN is not shown.");
  return { code, pin: readPin(deps, code, actor) };
}
