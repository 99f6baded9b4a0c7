import { z } from "@hono/zod-openapi";
import { GRANT_STATUSES } from "../../../domain/access";
import { grantInput as serviceGrantInput, grantPatch as serviceGrantPatch } from "../../../services/grants/grant-input";

/** The service's own input schemas, named for the OpenAPI document. */
export const grantInput = serviceGrantInput.openapi("AccessGrantInput");
export const grantPatch = serviceGrantPatch.openapi("AccessGrantPatch");

export const grant = z
  .object({
    id: z.string(),
    propertyId: z.string(),
    wholeProperty: z.boolean().openapi({ description: "Every lock serving the property, including shared doors added later" }),
    locks: z.array(z.object({ id: z.string(), name: z.string() })),
    contactId: z.string().nullable(),
    name: z.string(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    kind: z.enum(["window", "recurring", "always", "limited_uses"]),
    startsAt: z.string(),
    endsAt: z.string().nullable(),
    recurrence: z.object({ weekdays: z.array(z.number()), startTime: z.string(), endTime: z.string() }).nullable(),
    maxUses: z.number().nullable(),
    usesSeen: z.number(),
    usesEnforcement: z.enum(["lock", "door_activity"]).nullable()
      .openapi({ description: "limited_uses: `lock` when the lock spends the code itself (Seam one-time codes); `door_activity` when staykey removes it after the Nth unlock the locks report (until the window ends on a lock that reports none); usesNote says it in words" }),
    usesNote: z.string().nullable(),
    pinSource: z.enum(["generated", "host"]),
    status: z.enum(GRANT_STATUSES),
    note: z.string().nullable(),
    revokedAt: z.string().nullable(),
    sentAt: z.string().nullable(),
    codes: z.array(z.object({
      id: z.string(), lockId: z.string(), state: z.string(), validFrom: z.string(), validTo: z.string(), oneTimeUse: z.boolean(), lastError: z.string().nullable(),
    })),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("AccessGrant");

export const createdGrant = grant.extend({ pin: z.string().openapi({ description: "The grant's PIN; only the create answer returns it" }) }).openapi("CreatedAccessGrant");

export const grantListQuery = z.object({ propertyId: z.string().max(64).optional(), status: z.enum(GRANT_STATUSES).optional() });

export const resendAnswer = z.object({ messageId: z.string() }).openapi("AccessGrantResend");
