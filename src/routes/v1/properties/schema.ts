import { z } from "@hono/zod-openapi";
import { locale, localTime, patchOf, timezone } from "../../common-schemas";

const template = z.string().max(2000);

export const propertyInput = z
  .object({
    name: z.string().trim().min(1).max(200),
    address: z.string().max(500).nullable().optional(),
    timezone,
    checkInTime: localTime.default("16:00"),
    checkoutTime: localTime.default("11:00"),
    earlyBufferMinutes: z.number().int().min(0).max(1440).default(0),
    lateBufferMinutes: z.number().int().min(0).max(1440).default(0),
    codeLength: z.number().int().min(4).max(8).default(6),
    codeStrategy: z.enum(["random", "phone_last4"]).default("random"),
    messageLeadMinutes: z.number().int().min(0).max(20160).default(1440),
    programLeadMinutes: z.number().int().min(0).max(20160).default(1440),
    /** How long before arrival a guest code the lock has not confirmed is given up on for a spare (and the host told). */
    backupLeadMinutes: z.number().int().min(0).max(1440).default(120),
    turnoverMinutes: z.number().int().min(30).max(1440).default(300),
    cleanerMessageHour: z.number().int().min(0).max(23).default(18),
    locale: locale.default("en-US"),
    wifiName: z.string().max(100).nullable().optional(),
    wifiPassword: z.string().max(100).nullable().optional(),
    checkInInstructions: z.string().max(4000).nullable().optional(),
    templates: z
      .object({ guest_code: template, guest_update: template, cleaner_schedule: template })
      .partial()
      .strict()
      .default({}),
  })
  .strict()
  .openapi("PropertyInput");

/** PATCH: every field optional, no defaults filled in (a partial update must not reset settings). */
export const propertyPatch = patchOf(propertyInput).openapi("PropertyPatch");

export const property = z
  .object({
    id: z.string(),
    name: z.string(),
    address: z.string().nullable(),
    timezone: z.string(),
    checkInTime: z.string(),
    checkoutTime: z.string(),
    earlyBufferMinutes: z.number(),
    lateBufferMinutes: z.number(),
    codeLength: z.number(),
    codeStrategy: z.string(),
    messageLeadMinutes: z.number(),
    programLeadMinutes: z.number(),
    backupLeadMinutes: z.number(),
    turnoverMinutes: z.number(),
    cleanerMessageHour: z.number(),
    locale: z.string(),
    wifiName: z.string().nullable(),
    wifiPassword: z.string().nullable(),
    checkInInstructions: z.string().nullable(),
    templates: z.record(z.string(), z.string()),
    cleanerIds: z.array(z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Property");
