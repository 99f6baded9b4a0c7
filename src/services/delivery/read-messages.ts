import { desc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { listAccountPage } from "../../db/account-page";
import { equalFilters, type PageQuery } from "../../db/column-filters";
import { messages } from "../../db/schema";
import type { CoreDeps } from "../../deps";
import { findMessage } from "../lookups";
import type { ActingRole } from "../../domain/team";
import { forbidden } from "../errors";
import { ACCOUNT_NOTICE_PURPOSES } from "./message-rows";
import { maskedMessageBody, revealMessageBody } from "./message-body";
import type { MessageRow } from "./message-rows";

export interface MessageListQuery extends PageQuery {
  stayId?: string;
  propertyId?: string;
  channel?: "sms" | "email";
  status?: MessageRow["status"];
}

/** One page of the account's messages (the API's list; no bodies). */
export function listMessages(db: Db, accountId: string, q: MessageListQuery) {
  const { stayId, propertyId, channel, status } = messages;
  return listAccountPage(db, messages, accountId, equalFilters({ stayId, propertyId, channel, status }, q), q);
}

/** The outbox: the account's latest messages, newest first. */
export function latestMessages(db: Db, accountId: string, limit = 200): MessageRow[] {
  return db.select().from(messages).where(eq(messages.accountId, accountId)).orderBy(desc(messages.createdAt), desc(messages.id)).limit(limit).all();
}

/**
 * One of the account's messages with its body: PIN masked, or (`revealPin`) as sent, which the audit log records
 * under `actor` (API `GET /messages/{id}?reveal=pin`, the outbox's "Reveal PIN").
 */
export function readMessage(
  deps: Pick<CoreDeps, "db" | "box" | "clock">,
  accountId: string,
  messageId: string,
  opts: { revealPin: boolean; actor: string; role?: ActingRole },
): { message: MessageRow; body: string } {
  const message = findMessage(deps.db, accountId, messageId);
  // An invitation or password-reset link signs someone in: only the owner may read one (a manager could take over the owner's account).
  if (opts.revealPin && (ACCOUNT_NOTICE_PURPOSES as readonly string[]).includes(message.purpose) && opts.role !== "owner") {
    throw forbidden("only the account's owner may read the link in an invitation or password reset");
  }
  return { message, body: opts.revealPin ? revealMessageBody(deps, message, opts.actor) : maskedMessageBody(deps.box, message) };
}
