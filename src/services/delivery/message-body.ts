import type { Db } from "../../db/client";
import type { Clock } from "../../lib/clock";
import type { SecretBox } from "../../lib/crypto";
import { recordAudit } from "../audit/record-audit";
import { maskedBodyAssociatedData, messageBodyAssociatedData, type MessageRow } from "./message-rows";

/** Purposes whose body never holds a PIN, so a row from before masked bodies existed can still show its own. */
const PIN_FREE_PURPOSES: ReadonlySet<string> = new Set(["alert", "alert_digest", "cleaner_cancel"]);

/** Whether a reveal can show more than the listing: the purposes whose body may hold a PIN. */
export const mayHoldPin = (purpose: string) => !PIN_FREE_PURPOSES.has(purpose);

export const BODY_WITHHELD = "(Stored before PINs were masked in listings: reveal the message to read it. The read is recorded in the audit log.)";

/**
 * What every listing shows: the body as rendered with its PIN masked when it was written, so showing a message never
 * decrypts its PIN and never guesses where in the text the PIN is.
 */
export function maskedMessageBody(box: SecretBox, row: Pick<MessageRow, "id" | "purpose" | "bodyEnc" | "bodyMaskedEnc">): string {
  if (row.bodyMaskedEnc) return box.decrypt(row.bodyMaskedEnc, maskedBodyAssociatedData(row.id));
  if (PIN_FREE_PURPOSES.has(row.purpose)) return box.decrypt(row.bodyEnc, messageBodyAssociatedData(row.id));
  return BODY_WITHHELD;
}

/**
 * The body as sent, PIN included. Who read it and when goes to the audit log, as for a code's PIN; the body never does.
 */
export function revealMessageBody(deps: { db: Db; clock: Clock; box: SecretBox }, row: MessageRow, actor: string): string {
  recordAudit(deps.db, deps.clock, { accountId: row.accountId, actor, action: "message.pin_viewed", subjectType: "message", subjectId: row.id });
  return deps.box.decrypt(row.bodyEnc, messageBodyAssociatedData(row.id));
}
