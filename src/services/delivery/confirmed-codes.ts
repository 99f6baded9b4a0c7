import { and, eq, isNull, or } from "drizzle-orm";
import type { Db } from "../../db/client";
import { accessCodes, locks } from "../../db/schema";
import type { SecretBox } from "../../lib/crypto";
import type { CodeForMessage } from "../../domain/messages";
import { openPin } from "../access/code-records";

export interface ConfirmedCodes extends CodeForMessage {
  codeIds: string[];
}

type CodeRow = { id: string; pinEnc: string; validFrom: Date; validTo: Date; lockName: string };

/**
 * Only codes in state `active` (the lock confirmed them) are ever put in a message: DESIGN invariant 1. A stay on a
 * property with several locks may hold several; one PIN is shown once, different PINs are labelled by door.
 */
function merge(box: SecretBox, rows: CodeRow[]): ConfirmedCodes | null {
  if (rows.length === 0) return null;
  const pins = rows.map((r) => ({ pin: openPin(box, r), lock: r.lockName }));
  const distinct = [...new Set(pins.map((p) => p.pin))];
  const pin = distinct.length === 1 ? distinct[0]! : pins.map((p) => `${p.pin} (${p.lock})`).join(", ");
  return {
    codeIds: rows.map((r) => r.id),
    pin,
    doors: [...new Set(rows.map((r) => r.lockName))].sort((a, b) => a.localeCompare(b)),
    validFrom: new Date(Math.min(...rows.map((r) => r.validFrom.getTime()))),
    validTo: new Date(Math.max(...rows.map((r) => r.validTo.getTime()))),
  };
}

const columns = { id: accessCodes.id, pinEnc: accessCodes.pinEnc, validFrom: accessCodes.validFrom, validTo: accessCodes.validTo, lockName: locks.name };

/** The stay's own confirmed codes, or else a confirmed backup code assigned to it. */
export function confirmedGuestCodes(db: Db, box: SecretBox, stayId: string): ConfirmedCodes | null {
  const rows = db.select({ ...columns, purpose: accessCodes.purpose }).from(accessCodes)
    .innerJoin(locks, eq(locks.id, accessCodes.lockId))
    .where(and(
      eq(accessCodes.state, "active"),
      or(and(eq(accessCodes.purpose, "guest"), eq(accessCodes.stayId, stayId)), and(eq(accessCodes.purpose, "backup"), eq(accessCodes.assignedStayId, stayId))),
    )).all();
  const own = rows.filter((r) => r.purpose === "guest");
  return merge(box, own.length > 0 ? own : rows);
}

/** The turnover's confirmed cleaner codes meant for this cleaner (or for whoever cleans it). */
export function confirmedCleanerCodes(db: Db, box: SecretBox, turnoverId: string, contactId: string): ConfirmedCodes | null {
  const rows = db.select({ ...columns, contactId: accessCodes.contactId }).from(accessCodes)
    .innerJoin(locks, eq(locks.id, accessCodes.lockId))
    .where(and(
      eq(accessCodes.state, "active"), eq(accessCodes.purpose, "cleaner"), eq(accessCodes.turnoverId, turnoverId),
      or(eq(accessCodes.contactId, contactId), isNull(accessCodes.contactId)),
    )).all();
  const personal = rows.filter((r) => r.contactId === contactId);
  return merge(box, personal.length > 0 ? personal : rows);
}

