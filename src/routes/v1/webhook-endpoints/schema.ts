import { z } from "@hono/zod-openapi";
import { WEBHOOK_DELIVERY_STATUSES, WEBHOOK_ENDPOINT_STATUSES, WEBHOOK_EVENT_TYPES } from "../../../domain/webhooks";

const eventTypes = z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1).max(WEBHOOK_EVENT_TYPES.length).openapi({
  description: "The events this endpoint receives: stay.created/changed/cancelled, code.active/failed/revoked, message.delivered/failed, alert.opened/resolved, and lock.<kind> for each door event (lock.unlocked, lock.jammed, ...)",
  example: ["stay.created", "stay.cancelled", "lock.unlocked"],
});

export const webhookEndpointInput = z
  .object({
    url: z.string().trim().min(1).max(2000).openapi({ description: "Where deliveries are POSTed (http or https; a public address unless the operator allows the host)", example: "https://example.com/staykey/webhooks" }),
    description: z.string().trim().max(200).nullable().optional(),
    eventTypes,
  })
  .strict()
  .openapi("WebhookEndpointInput");

export const webhookEndpointPatch = z
  .object({
    url: webhookEndpointInput.shape.url.optional(),
    description: z.string().trim().max(200).nullable().optional(),
    eventTypes: eventTypes.optional(),
    enabled: z.boolean().optional().openapi({ description: "false disables the endpoint; true enables a disabled one again (and resolves its alert)" }),
  })
  .strict()
  .openapi("WebhookEndpointPatch");

export const webhookEndpoint = z
  .object({
    id: z.string(),
    url: z.string().openapi({ description: "Scheme and host only: the path and query (where receivers often keep a token) are never shown after registration", example: "https://example.com/…" }),
    description: z.string().nullable(),
    eventTypes: z.array(z.string()),
    status: z.enum(WEBHOOK_ENDPOINT_STATUSES),
    disabledReason: z.string().nullable(),
    failingSince: z.string().nullable().openapi({ description: "Every attempt since then failed; after STAYKEY_WEBHOOK_DISABLE_AFTER_HOURS the endpoint is disabled" }),
    lastSuccessAt: z.string().nullable(),
    secretRotatedUntil: z.string().nullable().openapi({ description: "After a rotation, the previous secret also signs until then" }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("WebhookEndpoint");

export const webhookEndpointWithSecret = webhookEndpoint
  .extend({ secret: z.string().openapi({ description: "The `whsec_` signing secret. Shown once: store it now.", example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" }) })
  .openapi("WebhookEndpointWithSecret");

export const webhookAttempt = z.object({
  attempt: z.number().int(),
  at: z.string(),
  status: z.number().int().nullable().openapi({ description: "The receiver's HTTP status; null when there was no answer" }),
  durationMs: z.number().int(),
  error: z.string().nullable(),
  outcome: z.enum(["delivered", "retry", "final"]).openapi({ description: "What followed: delivered, another attempt scheduled (retry), or none (final)" }),
});

export const webhookDelivery = z
  .object({
    id: z.string().openapi({ description: "Also the `webhook-id` header, the same on every attempt" }),
    endpointId: z.string(),
    eventType: z.string(),
    status: z.enum(WEBHOOK_DELIVERY_STATUSES),
    nextAttemptAt: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    attempts: z.array(webhookAttempt),
    payload: z.record(z.string(), z.unknown()).openapi({ description: "The body sent: `{ type, timestamp, data }`" }),
    createdAt: z.string(),
  })
  .openapi("WebhookDelivery");
