import { and, inArray, lt, notInArray } from "drizzle-orm";
import { auditEvents, messages } from "../../db/schema";
import type { ServiceDeps } from "../deps";

const DAY = 24 * 60 * 60_000;
/** Rows deleted per table per pass: a sweep never holds the write lock long; the next pass (15 minutes) takes the rest. */
const BATCH = 5_000;
/** A message still on its way (or waiting for its send time) is work, not history: never deleted, however old. */
const UNFINISHED_MESSAGES = ["queued", "sending"] as const;

export interface RetentionPurge {
  messages: number;
  auditEvents: number;
}

/**
 * Deletes messages and audit events older than their retention (STAYKEY_MESSAGE_RETENTION_DAYS,
 * STAYKEY_AUDIT_RETENTION_DAYS). A message's age is its creation; one not yet sent or delivering is kept. Its
 * idempotency key goes with it, which is safe: a message is only ever created for a stay, code or alert still
 * current, and these are long over by then.
 */
export function purgePastRetention(deps: Pick<ServiceDeps, "db" | "clock" | "config">): RetentionPurge {
  const now = deps.clock.now().getTime();
  const messagesBefore = new Date(now - deps.config.STAYKEY_MESSAGE_RETENTION_DAYS * DAY);
  const auditBefore = new Date(now - deps.config.STAYKEY_AUDIT_RETENTION_DAYS * DAY);
  const oldMessages = deps.db.select({ id: messages.id }).from(messages)
    .where(and(lt(messages.createdAt, messagesBefore), notInArray(messages.status, [...UNFINISHED_MESSAGES]))).limit(BATCH);
  const oldAudit = deps.db.select({ id: auditEvents.id }).from(auditEvents).where(lt(auditEvents.at, auditBefore)).limit(BATCH);
  return deps.db.transaction((tx) => ({
    messages: tx.delete(messages).where(inArray(messages.id, oldMessages)).run().changes,
    auditEvents: tx.delete(auditEvents).where(inArray(auditEvents.id, oldAudit)).run().changes,
  }));
}
