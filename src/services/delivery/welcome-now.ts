import { and, eq } from "drizzle-orm";
import { messages, stays } from "../../db/schema";
import { messageKeys, type Channel } from "../../domain/messages";
import { openRecipient, openStay } from "../contact-details/contact-details";
import { enqueueDelivery, queueMessage, rescheduleQueued, withdrawQueued } from "./message-rows";
import { guestRecipients } from "./recipients";
import { renderMessage } from "./render-message";
import type { ServiceDeps } from "../deps";

/**
 * The full welcome (address, times, code, instructions) to the stay's current contact on the channels given, now,
 * instead of at the property's message lead: a guest who just left their number on the guest page while the code
 * shows there, or a host pressing "Resend". Still only with a confirmed code (renderMessage). Per channel:
 * - the code message is still queued to the same address: it goes now (one message, not two);
 * - it is queued to an address the contact no longer has: withdrawn, and a new one goes to the current address;
 * - it went out already, to another address or (`again`) to the same one: a new one, keyed by `requestKey` so a
 *   repeated request sends it once.
 */
export async function sendGuestWelcomeNow(
  deps: ServiceDeps,
  stayId: string,
  opts: { channels?: Channel[]; requestKey: string; again?: boolean },
): Promise<{ messageIds: string[]; skipped?: string }> {
  const stay = deps.db.select().from(stays).where(eq(stays.id, stayId)).get();
  if (!stay) return { messageIds: [], skipped: "stay not found" };
  const rendered = renderMessage(deps, { accountId: stay.accountId, purpose: "guest_code", stayId: stay.id });
  if (!rendered.ok) return { messageIds: [], skipped: rendered.reason };
  const now = deps.clock.now();
  const ids: string[] = [];
  for (const r of guestRecipients(deps, openStay(deps.box, stay)).filter((r) => !opts.channels || opts.channels.includes(r.channel))) {
    const first = deps.db.select().from(messages)
      .where(and(eq(messages.accountId, stay.accountId), eq(messages.idempotencyKey, messageKeys.guestCode(stay.id, r.channel, stay.pinGeneration)))).get();
    const fresh = (key: string) => queueMessage(deps, {
      accountId: stay.accountId, propertyId: stay.propertyId, stayId: stay.id, channel: r.channel, recipient: r.to, purpose: "guest_code",
      subject: rendered.message.subject, body: rendered.message.body, maskedBody: rendered.message.maskedBody, idempotencyKey: key, sendAt: now,
    });
    let queued;
    if (!first) queued = fresh(messageKeys.guestCode(stay.id, r.channel, stay.pinGeneration));
    else if (first.status === "queued" && openRecipient(deps.box, first) === r.to) {
      await rescheduleQueued(deps, first, now);
      ids.push(first.id);
      continue;
    } else {
      const toldThere = first.status !== "queued" && openRecipient(deps.box, first) === r.to;
      if (toldThere && !opts.again) continue;
      if (first.status === "queued") await withdrawQueued(deps, first, "the guest's contact changed");
      queued = fresh(messageKeys.resend(first.id, opts.requestKey));
    }
    ids.push(queued.row.id);
    if (queued.created) await enqueueDelivery(deps, queued.row);
  }
  return { messageIds: ids };
}
