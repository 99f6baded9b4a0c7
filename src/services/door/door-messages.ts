import { messages } from "../../db/schema";
import type { Channel } from "../../domain/messages";
import type { NoticeText } from "../../domain/door/door-notices";
import { newId } from "../../lib/ids";
import { sealRecipient } from "../contact-details/contact-details";
import { providerFor, sealBodies, type MessageRow } from "../delivery/message-rows";
import type { ServiceDeps } from "../deps";

/** Door activity's messages: composed when the door event happens and sent as stored (they carry no PIN). */
export const DOOR_MESSAGE_PURPOSES = ["arrival_notice", "guest_welcome", "turnover_now"] as const;
export type DoorMessagePurpose = (typeof DOOR_MESSAGE_PURPOSES)[number];

/**
 * Writes one door-activity message row inside the caller's transaction; the unique idempotency key turns a second
 * write of the same notice (a re-run reaction, a second lock's unlock) into a no-op. Returns the row when it is new,
 * for the caller to enqueue its delivery after commit.
 */
export function insertDoorMessage(
  deps: Pick<ServiceDeps, "db" | "box" | "clock" | "messaging">,
  input: {
    accountId: string; propertyId: string; stayId?: string | null; turnoverId?: string | null; contactId?: string | null;
    channel: Channel; to: string; purpose: DoorMessagePurpose; text: NoticeText; idempotencyKey: string;
  },
): Pick<MessageRow, "id" | "sendAt"> | null {
  const id = newId("msg");
  const now = deps.clock.now();
  const inserted = deps.db.insert(messages).values({
    id,
    accountId: input.accountId,
    propertyId: input.propertyId,
    stayId: input.stayId ?? null,
    turnoverId: input.turnoverId ?? null,
    contactId: input.contactId ?? null,
    channel: input.channel,
    provider: providerFor(deps, input.channel),
    recipientEnc: sealRecipient(deps.box, id, input.to),
    purpose: input.purpose,
    subject: input.text.subject,
    ...sealBodies(deps, id, { body: input.text.body, maskedBody: input.text.body }),
    status: "queued",
    idempotencyKey: input.idempotencyKey,
    sendAt: now,
    createdAt: now,
    updatedAt: now,
  }).onConflictDoNothing({ target: messages.idempotencyKey }).run();
  return inserted.changes === 1 ? { id, sendAt: now } : null;
}
