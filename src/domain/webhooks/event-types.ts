import { LOCK_EVENT_KINDS } from "../door/lock-event-kinds";

/**
 * What an integrator can subscribe an endpoint to. Door events follow the access log's kinds one for one
 * (`lock.unlocked`, `lock.jammed`, ...), so a kind added to door intake is a webhook event without a second list.
 */
export const WEBHOOK_EVENT_TYPES = [
  "stay.created", "stay.changed", "stay.cancelled",
  "code.active", "code.failed", "code.revoked",
  "message.delivered", "message.failed",
  "alert.opened", "alert.resolved",
  ...LOCK_EVENT_KINDS.map((kind) => `lock.${kind}` as const),
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const WEBHOOK_ENDPOINT_STATUSES = ["enabled", "disabled"] as const;
export type WebhookEndpointStatus = (typeof WEBHOOK_ENDPOINT_STATUSES)[number];

export const WEBHOOK_DELIVERY_STATUSES = ["pending", "delivered", "failed"] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

export const isWebhookEventType = (value: string): value is WebhookEventType => (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
