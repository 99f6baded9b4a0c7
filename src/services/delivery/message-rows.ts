import { and, eq } from "drizzle-orm";
import type { MessageRow } from "../../db/rows";
import { messages } from "../../db/schema";
import type { Channel } from "../../domain/messages";
import { newId } from "../../lib/ids";
import { jobIdFor } from "../../jobs/job-ids";
import { jobKeys } from "../../jobs/job-keys";
import { sealRecipient } from "../contact-details/contact-details";
import type { ServiceDeps } from "../deps";

export type { MessageRow };
export type MessagePurpose = "guest_code" | "guest_update" | "cleaner_notice" | "cleaner_update" | "cleaner_cancel" | "grant_code" | "grant_update";

/**
 * Notices to a member or an invitee, not tied to a property: composed once, their body carries a single-use link that
 * the listings' masked body hides.
 */
export const ACCOUNT_NOTICE_PURPOSES = ["team_invite", "password_reset", "sign_in_notice"] as const;
export type AccountNoticePurpose = (typeof ACCOUNT_NOTICE_PURPOSES)[number];

export const messageBodyAssociatedData = (messageId: string) => `message:${messageId}`;
export const maskedBodyAssociatedData = (messageId: string) => `message-masked:${messageId}`;

/** Both sealed bodies of a message: the one sent, and the one with its PIN masked that listings show. */
export function sealBodies(deps: Pick<ServiceDeps, "box">, messageId: string, message: { body: string; maskedBody: string }) {
  return {
    bodyEnc: deps.box.encrypt(message.body, messageBodyAssociatedData(messageId)),
    bodyMaskedEnc: deps.box.encrypt(message.maskedBody, maskedBodyAssociatedData(messageId)),
  };
}

export interface NewMessage {
  accountId: string;
  propertyId: string;
  stayId?: string | null;
  turnoverId?: string | null;
  contactId?: string | null;
  channel: Channel;
  recipient: string;
  purpose: MessagePurpose;
  subject: string;
  body: string;
  /** `body` with the PIN masked (ComposedMessage.maskedBody). */
  maskedBody: string;
  idempotencyKey: string;
  sendAt: Date;
}

/** Which provider will carry a channel: the configured one, or the built-in outbox (the row itself). */
export function providerFor(deps: Pick<ServiceDeps, "messaging">, channel: Channel): MessageRow["provider"] {
  if (channel === "sms") return deps.messaging.sms ? "twilio" : "outbox";
  return deps.messaging.email ? "smtp" : "outbox";
}

/**
 * Writes the message row before anything is sent. The unique idempotency key makes a second call for the same
 * message return the existing row untouched, which is what keeps a re-run scheduler from sending twice.
 */
export function queueMessage(deps: ServiceDeps, input: NewMessage): { row: MessageRow; created: boolean } {
  const now = deps.clock.now();
  const id = newId("msg");
  const { body, maskedBody, recipient, ...rest } = input;
  const inserted = deps.db.insert(messages).values({
    ...rest,
    id,
    recipientEnc: sealRecipient(deps.box, id, recipient),
    provider: providerFor(deps, input.channel),
    ...sealBodies(deps, id, { body, maskedBody }),
    status: "queued",
    createdAt: now,
    updatedAt: now,
  }).onConflictDoNothing({ target: messages.idempotencyKey }).run();
  const row = deps.db.select().from(messages).where(eq(messages.idempotencyKey, input.idempotencyKey)).get()!;
  return { row, created: inserted.changes === 1 };
}

export const deliverJobId = (row: Pick<MessageRow, "id" | "sendAt">) => jobIdFor("messages.deliver", jobKeys.message(row));

/** After commit: a lost enqueue is not lost work, the reconciler re-creates any queued message's job. */
export async function enqueueDelivery(deps: Pick<ServiceDeps, "jobs" | "clock" | "logger">, row: Pick<MessageRow, "id" | "sendAt">): Promise<void> {
  try {
    await deps.jobs.enqueue("messages.deliver", { messageId: row.id }, { jobId: deliverJobId(row), runAt: row.sendAt ?? deps.clock.now() });
  } catch (err) {
    deps.logger.warn({ messageId: row.id, err: (err as Error).message }, "could not enqueue delivery; the reconciler will");
  }
}

/** Moves a message that has not gone out; its old job finds a different id and skips itself as stale. */
export async function rescheduleQueued(deps: ServiceDeps, row: MessageRow, sendAt: Date): Promise<void> {
  if (row.status !== "queued" || row.sendAt?.getTime() === sendAt.getTime()) return;
  const moved = deps.db.update(messages).set({ sendAt, updatedAt: deps.clock.now() })
    .where(and(eq(messages.id, row.id), eq(messages.status, "queued"))).run();
  if (moved.changes === 0) return;
  await deps.jobs.cancel("messages.deliver", deliverJobId(row)).catch(() => false);
  await enqueueDelivery(deps, { id: row.id, sendAt });
}

/**
 * Withdraws a message that has not gone out (its stay or turnover was cancelled). Stored as `failed` with code
 * `cancelled` so the history shows it; it raises no alert.
 */
export async function withdrawQueued(deps: ServiceDeps, row: MessageRow, reason: string): Promise<boolean> {
  const done = deps.db.update(messages).set({ status: "failed", errorCode: "cancelled", error: reason, updatedAt: deps.clock.now() })
    .where(and(eq(messages.id, row.id), eq(messages.status, "queued"))).run();
  if (done.changes === 0) return false;
  await deps.jobs.cancel("messages.deliver", deliverJobId(row)).catch(() => false);
  return true;
}
