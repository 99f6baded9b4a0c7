import { z } from "@hono/zod-openapi";

export const previewInput = z.object({
  template: z.enum(["guest_code", "guest_update", "cleaner_schedule"]),
  /** An edited template to try before saving it; the property's saved one (or the default) when omitted. */
  text: z.string().max(2000).optional(),
}).strict().openapi("MessagePreviewInput");

export const previewOutput = z.object({
  subject: z.string(),
  body: z.string(),
  usedDefault: z.boolean().openapi({ description: "The template had problems and the built-in default was rendered instead" }),
  problems: z.array(z.string()),
}).openapi("MessagePreview");

export const resendOutput = z.object({
  id: z.string(),
  channel: z.enum(["sms", "email"]),
  purpose: z.string(),
  status: z.string(),
  recipient: z.string().openapi({ description: "Masked" }),
  sendAt: z.string().nullable(),
}).openapi("ResentMessage");
