/** A message row's status, as stored; the database column takes its values from here. */
export const MESSAGE_STATUSES = ["queued", "sending", "sent", "delivered", "failed", "undelivered"] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

// delivered, failed and undelivered share the top rank: once final, a late callback cannot flip one into another.
const RANK: Readonly<Record<MessageStatus, number>> = { queued: 0, sending: 1, sent: 2, delivered: 3, failed: 3, undelivered: 3 };

/**
 * Status callbacks arrive out of order and more than once (Twilio retries, networks reorder), so a status only ever
 * moves forward: `delivered` followed by a late `sent` stays `delivered`. Returns the status to store, or null for
 * "leave it".
 */
export function advanceStatus(current: MessageStatus, incoming: MessageStatus): MessageStatus | null {
  return RANK[incoming] > RANK[current] ? incoming : null;
}

export function isFinal(status: MessageStatus): boolean {
  return RANK[status] === 3;
}
