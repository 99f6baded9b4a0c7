import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { messages } from "../../db/schema";
import type { SecretBox } from "../../lib/crypto";
import { newId } from "../../lib/ids";
import { sealRecipient } from "../contact-details/contact-details";
import { messageBodyAssociatedData, providerFor, type MessageRow } from "../delivery/message-rows";
import type { AlertRecipient } from "./alert-recipients";
import type { AlertMessageText } from "./compose-alert-message";
import type { ServiceDeps } from "../deps";

export type AlertMessagePurpose = "alert" | "alert_digest";

/**
 * Writes one host notice as a message row, inside the caller's transaction. Delivery's `queueMessage` is for guest
 * and cleaner messages tied to a property; alert notices belong to the account and carry their own final text.
 * The unique idempotency key turns a second write of the same notice into a no-op.
 */
export function insertAlertMessage(
  tx: Db,
  deps: { box: SecretBox; messaging: ServiceDeps["messaging"] },
  input: { accountId: string; alertId: string | null; recipient: AlertRecipient; purpose: AlertMessagePurpose; text: AlertMessageText; idempotencyKey: string; now: Date },
): MessageRow | null {
  const id = newId("msg");
  const inserted = tx.insert(messages).values({
    id,
    accountId: input.accountId,
    alertId: input.alertId,
    contactId: input.recipient.contactId,
    channel: input.recipient.channel,
    provider: providerFor(deps, input.recipient.channel),
    recipientEnc: sealRecipient(deps.box, id, input.recipient.to),
    purpose: input.purpose,
    subject: input.text.subject,
    bodyEnc: deps.box.encrypt(input.text.body, messageBodyAssociatedData(id)),
    status: "queued",
    idempotencyKey: input.idempotencyKey,
    createdAt: input.now,
    updatedAt: input.now,
  }).onConflictDoNothing({ target: messages.idempotencyKey }).run();
  return inserted.changes === 1 ? tx.select().from(messages).where(eq(messages.id, id)).get()! : null;
}
