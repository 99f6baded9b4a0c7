import { z } from "@hono/zod-openapi";
import { LOCK_EVENT_ACTORS, LOCK_EVENT_KINDS, LOCK_EVENT_METHODS } from "../../../domain/door/lock-event-kinds";
import { instant } from "../../common-schemas";

export const lockEvent = z
  .object({
    id: z.string(),
    propertyId: z.string(),
    lockId: z.string(),
    provider: z.string().openapi({ description: "The source that reported it: seam, home_assistant, simulated, ..." }),
    providerEventId: z.string(),
    kind: z.enum(LOCK_EVENT_KINDS),
    method: z.enum(LOCK_EVENT_METHODS),
    providerCodeId: z.string().nullable().openapi({ description: "The vendor's id of the keypad code used, when it said" }),
    slot: z.number().nullable().openapi({ description: "The keypad slot used, when the lock said" }),
    accessCodeId: z.string().nullable(),
    actor: z.enum(LOCK_EVENT_ACTORS).nullable().openapi({ description: "Whose code it was; `unknown_code` for a keypad code staykey did not set; null when no code was used" }),
    stayId: z.string().nullable(),
    turnoverId: z.string().nullable(),
    contactId: z.string().nullable(),
    occurredAt: z.string(),
    createdAt: z.string(),
  })
  .openapi("LockEvent");

export const lockEventFilters = z.object({
  lockId: z.string().max(64).optional(),
  propertyId: z.string().max(64).optional(),
  stayId: z.string().max(64).optional(),
  contactId: z.string().max(64).optional(),
  accessCodeId: z.string().max(64).optional(),
  kind: z.enum(LOCK_EVENT_KINDS).optional(),
  from: instant.optional().openapi({ description: "Events at or after this instant" }),
  to: instant.optional().openapi({ description: "Events before this instant" }),
});

export const keypadInput = z.object({ pin: z.string().regex(/^\d{4,8}$/, "4 to 8 digits") }).strict().openapi("KeypadInput");
export const keypadResult = z.object({ outcome: z.enum(["unlocked", "denied"]), event: lockEvent.nullable() }).openapi("KeypadResult");
