import { and, eq, ne, notInArray } from "drizzle-orm";
import { messages } from "../../db/schema";
import { raiseAlert } from "../alerts/alert-store";
import { notifyAlertChange } from "../alerts/notify-alert-change";
import type { DeliveryDeps } from "./delivery-deps";
import type { MessageRow } from "./message-rows";

/** Another message with the same purpose for the same guest or cleaner that has not failed (the other channel, a fallback). */
export function anotherChannelAlive(deps: Pick<DeliveryDeps, "db">, row: MessageRow): boolean {
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

/**
 * Tells the host. `info` while another channel still carries the message (they should fix a number, the guest is
 * not stranded); `warning` when every channel failed. The text names the channel and the reason, never the
 * recipient or the body.
 */
export async function alertDeliveryProblem(
  deps: Pick<DeliveryDeps, "db" | "clock" | "logger" | "jobs">,
  row: MessageRow,
  reason: string,
  opts: { notifyEvenIfCovered?: boolean } = {},
): Promise<void> {
  const covered = anotherChannelAlive(deps, row);
  if (covered && !opts.notifyEvenIfCovered) return;
  const who = row.purpose.startsWith("guest") ? "guest" : "cleaner";
  const subject = row.stayId ? { subjectType: "stay", subjectId: row.stayId } : row.turnoverId ? { subjectType: "turnover", subjectId: row.turnoverId } : { subjectType: "message", subjectId: row.id };
  const transition = raiseAlert(deps.db, deps.clock, {
    accountId: row.accountId,
    kind: "delivery_failed",
    severity: covered ? "info" : "warning",
    ...subject,
    dedupeKey: `delivery_failed:${subject.subjectId}${row.contactId ? `:${row.contactId}` : ""}`,
    title: covered ? `The ${who}'s ${row.channel} message failed; another channel still carries it` : `The ${who} could not be reached on any channel`,
    detail: `${row.channel} message ${row.id} (${row.purpose}): ${reason}`,
  });
  await notifyAlertChange(deps, transition);
}
