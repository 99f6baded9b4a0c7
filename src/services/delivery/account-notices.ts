import { messages } from "../../db/schema";
import type { Channel } from "../../domain/messages";
import { newId } from "../../lib/ids";
import { sealRecipient } from "../contact-details/contact-details";
import type { ServiceDeps } from "../deps";
import { enqueueDelivery, providerFor, sealBodies, type AccountNoticePurpose, type MessageRow } from "./message-rows";

export interface AccountNotice {
  accountId: string;
  channel: Channel;
  /** Email address or E.164 number; sealed with the row. */
  to: string;
  purpose: AccountNoticePurpose;
  subject: string;
  body: string;
  /** `body` without its secret (the link), for the outbox and the message listings. */
  maskedBody: string;
}

/**
 * Writes an account notice as a message row inside the caller's transaction (SMTP or Twilio carries it when configured,
 * else it waits in the outbox); `sendAccountNotice` hands it to delivery once that transaction has committed.
 */
export function insertAccountNotice(tx: ServiceDeps["db"], deps: Pick<ServiceDeps, "box" | "clock" | "messaging">, notice: AccountNotice): Pick<MessageRow, "id" | "sendAt"> {
  const id = newId("msg");
  const now = deps.clock.now();
  tx.insert(messages)
    .values({
      id,
      accountId: notice.accountId,
      channel: notice.channel,
      provider: providerFor(deps, notice.channel),
      recipientEnc: sealRecipient(deps.box, id, notice.to),
      purpose: notice.purpose,
      subject: notice.subject,
      ...sealBodies(deps, id, { body: notice.body, maskedBody: notice.maskedBody }),
      status: "queued",
      idempotencyKey: `${notice.purpose}:${id}`,
      sendAt: now,
      createdAt: now,
      updatedAt: now,
    })
    .run();
  return { id, sendAt: now };
}

export const sendAccountNotice = (deps: Pick<ServiceDeps, "jobs" | "clock" | "logger">, row: Pick<MessageRow, "id" | "sendAt">) => enqueueDelivery(deps, row);
