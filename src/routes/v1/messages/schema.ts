import { z } from "@hono/zod-openapi";

export const messageSummary = z
  .object({
    id: z.string(),
    propertyId: z.string().nullable(),
    stayId: z.string().nullable(),
    turnoverId: z.string().nullable(),
    contactId: z.string().nullable(),
    alertId: z.string().nullable(),
    channel: z.string(),
    provider: z.string(),
    recipient: z.string().openapi({ description: "Masked in listings (`+1•••••0123`); in full on the single-message read" }),
    purpose: z.string(),
    subject: z.string().nullable(),
    status: z.string(),
    errorCode: z.string().nullable(),
    error: z.string().nullable(),
    attempts: z.number(),
    sendAt: z.string().nullable(),
    sentAt: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("MessageSummary");

export const message = messageSummary
  .extend({
    body: z.string().openapi({ description: "PIN masked as `••••••`; as sent with `?reveal=pin`" }),
    pinRevealed: z.boolean(),
  })
  .openapi("Message");

export const messageReadQuery = z
  .object({
    reveal: z.enum(["pin"]).optional().openapi({ description: "`pin`: the body as sent, PIN included; the read is recorded in the audit log" }),
  })
  .strict();

export const messageListQuery = z.object({
  stayId: z.string().max(64).optional(),
  propertyId: z.string().max(64).optional(),
  channel: z.enum(["sms", "email"]).optional(),
  status: z.enum(["queued", "sending", "sent", "delivered", "failed", "undelivered"]).optional(),
});
