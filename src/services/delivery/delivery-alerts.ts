import { and, eq, isNull, ne, notInArray } from "drizzle-orm";
import { messages } from "../../db/schema";
import { hasOpenAlerts, raiseAlert, resolveAlert } from "../alerts/alert-store";
import { openRecipient } from "../contact-details/contact-details";
import { notifyAlertChange, notifyAlertChanges } from "../alerts/notify-alert-change";
import type { MessageRow } from "./message-rows";
import type { ServiceDeps } from "../deps";

/** Another message with the same purpose for the same guest or cleaner that has not failed (the other channel, a fallback). */
export function anotherChannelAlive(deps: Pick<ServiceDeps, "db">, row: MessageRow): boolean {
  const sameSubject = row.stayId
    ? eq(messages.stayId, row.stayId)
    : row.turnoverId && row.contactId
      ? and(eq(messages.turnoverId, row.turnoverId), eq(messages.contactId, row.contactId))
      : undefined;
  if (!sameSubject) return false;
  return deps.db.select({ id: messages.id }).from(messages)
    .where(and(eq(messages.accountId, row.accountId), sameSubject, eq(messages.purpose, row.purpose), ne(messages.id, row.id), notInArray(messages.status, ["failed", "undelivered"])))
    .get() !== undefined;
}

type MessageHolder = Pick<MessageRow, "id" | "stayId" | "turnoverId" | "contactId">;

/** Who a delivery alert is about, and its dedupe key: one open alert per guest stay, per cleaner turnover, else per message. */
export function deliveryAlertSubject(row: MessageHolder): { subjectType: string; subjectId: string; dedupeKey: string } {
  const subject = row.stayId ? { subjectType: "stay", subjectId: row.stayId } : row.turnoverId ? { subjectType: "turnover", subjectId: row.turnoverId } : { subjectType: "message", subjectId: row.id };
  return { ...subject, dedupeKey: `delivery_failed:${subject.subjectId}${row.contactId ? `:${row.contactId}` : ""}` };
}

/**
 * Tells the host. `info` while another channel still carries the message (they should fix a number, the guest is
 * not stranded); `warning` when every channel failed. The text names the channel and the reason, never the
 * recipient or the body.
 */
export async function alertDeliveryProblem(
  deps: Pick<ServiceDeps, "db" | "clock" | "logger" | "jobs" | "events">,
  row: MessageRow,
  reason: string,
  opts: { notifyEvenIfCovered?: boolean } = {},
): Promise<void> {
  const covered = anotherChannelAlive(deps, row);
  if (covered && !opts.notifyEvenIfCovered) return;
  const who = row.purpose.startsWith("guest") ? "guest" : "cleaner";
  const transition = raiseAlert(deps.db, deps.clock, {
    accountId: row.accountId,
    kind: "delivery_failed",
    severity: covered ? "info" : "warning",
    ...deliveryAlertSubject(row),
    title: covered ? `The ${who}'s ${row.channel} message failed; another channel still carries it` : `The ${who} could not be reached on any channel`,
    detail: `${row.channel} message ${row.id} (${row.purpose}): ${reason}`,
  });
  await notifyAlertChange(deps, transition);
}

const FAILED = new Set(["failed", "undelivered"]);
const THROUGH = new Set(["sent", "delivered"]);

/**
 * A message got through: the delivery alerts about this guest (or cleaner, or host contact) are over once every
 * failed message of theirs has a later one with the same purpose on the same channel that went out (a resend to a
 * fixed number, a text after START). Another channel carrying the message does not end it: the host is still told a
 * number replied STOP or does not work. A message withdrawn because its stay was cancelled never counted as a failure.
 */
export async function resolveDeliveryProblems(deps: Pick<ServiceDeps, "db" | "box" | "clock" | "logger" | "jobs" | "events">, sent: MessageRow): Promise<void> {
  // Every send asks; an account with no open alert answers without its messages being read.
  if (!hasOpenAlerts(deps.db, sent.accountId)) return;
  // A notice to the host's own number or address has no stay, turnover or contact: its holder is its recipient,
  // which is sealed per row, so those few rows are compared opened.
  const byRecipient = !sent.stayId && !sent.turnoverId && !sent.contactId;
  const holder = sent.stayId ? eq(messages.stayId, sent.stayId)
    : sent.turnoverId ? and(eq(messages.turnoverId, sent.turnoverId), sent.contactId ? eq(messages.contactId, sent.contactId) : undefined)
      : sent.contactId ? eq(messages.contactId, sent.contactId) : and(isNull(messages.stayId), isNull(messages.turnoverId), isNull(messages.contactId));
  const recipient = byRecipient ? openRecipient(deps.box, sent) : null;
  const rows = deps.db.select({ id: messages.id, purpose: messages.purpose, channel: messages.channel, status: messages.status, errorCode: messages.errorCode, createdAt: messages.createdAt,
    stayId: messages.stayId, turnoverId: messages.turnoverId, contactId: messages.contactId, recipientEnc: messages.recipientEnc }).from(messages)
    .where(and(eq(messages.accountId, sent.accountId), holder)).all()
    .filter((r) => recipient === null || openRecipient(deps.box, r) === recipient);
  const failed = rows.filter((r) => FAILED.has(r.status) && r.errorCode !== "cancelled");
  const answered = (f: (typeof rows)[number]) =>
    rows.some((r) => r.id !== f.id && r.purpose === f.purpose && r.channel === f.channel && THROUGH.has(r.status) && r.createdAt.getTime() >= f.createdAt.getTime());
  const open = new Set(failed.filter((f) => !answered(f)).map((f) => deliveryAlertSubject(f).dedupeKey));
  const over = [...new Set(failed.map((f) => deliveryAlertSubject(f).dedupeKey))].filter((key) => !open.has(key));
  await notifyAlertChanges(deps, over.map((key) => resolveAlert(deps.db, deps.clock, sent.accountId, key)));
}
