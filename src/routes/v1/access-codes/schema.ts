import { z } from "@hono/zod-openapi";
import { CODE_PURPOSES } from "../../../domain/access/code-states";
import { CODE_STATES } from "../../../services/access/list-access-codes";
import { instant } from "../../common-schemas";

export const accessCodeSummary = z
  .object({
    id: z.string(),
    propertyId: z.string(),
    lockId: z.string(),
    purpose: z.string(),
    stayId: z.string().nullable(),
    turnoverId: z.string().nullable(),
    contactId: z.string().nullable(),
    grantId: z.string().nullable().openapi({ description: "The access grant this code serves (contractors, shared doors), when `purpose` is `grant`" }),
    assignedStayId: z.string().nullable(),
    pinLength: z.number(),
    validFrom: z.string(),
    validTo: z.string(),
    state: z.string(),
    slot: z.number().nullable(),
    oneTimeUse: z.boolean().openapi({ description: "The code opens the door once: natively where the lock supports it (Seam), otherwise revoked after its first use is seen" }),
    attempts: z.number(),
    lastError: z.string().nullable(),
    programAt: z.string().nullable(),
    confirmedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("AccessCodeSummary");

export const accessCode = accessCodeSummary
  .extend({ pin: z.string().openapi({ description: "The PIN itself; only this endpoint returns it" }) })
  .openapi("AccessCode");

export const accessCodeListQuery = z.object({
  stayId: z.string().max(64).optional(),
  lockId: z.string().max(64).optional(),
  propertyId: z.string().max(64).optional(),
  state: z.enum(CODE_STATES).optional(),
  purpose: z.enum(CODE_PURPOSES).optional().openapi({ description: "guest, cleaner, backup or grant codes only" }),
  from: instant.optional().openapi({ description: "Codes whose window ends on or after this instant" }),
  to: instant.optional().openapi({ description: "Codes whose window starts on or before this instant" }),
});
