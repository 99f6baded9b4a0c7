import { z } from "@hono/zod-openapi";
import { patchOf } from "../../common-schemas";
import { LOCK_CONSTRAINT_RULES, MAX_PIN_LENGTH, MIN_PIN_LENGTH } from "../../../domain/pin";

const pinLength = z.number().int().min(MIN_PIN_LENGTH).max(MAX_PIN_LENGTH);

const constraints = z
  .object({
    rules: z.array(z.enum(LOCK_CONSTRAINT_RULES)).max(LOCK_CONSTRAINT_RULES.length).optional(),
    minLength: pinLength.optional(),
    maxLength: pinLength.optional(),
  })
  .strict()
  .refine((c) => c.minLength === undefined || c.maxLength === undefined || c.minLength <= c.maxLength, {
    message: "minLength must not exceed maxLength",
    path: ["minLength"],
  })
  .openapi("LockConstraints", { description: "What the lock demands of a PIN (Seam-style rule names)" });

export const lockInput = z
  .object({
    propertyId: z.string().min(1).max(64),
    name: z.string().trim().min(1).max(200),
    provider: z.enum(["simulated", "seam", "home_assistant"]),
    providerDeviceId: z.string().trim().min(1).max(200),
    connectionId: z.string().min(1).max(64).nullable().optional(),
    supportedCodeLengths: z.array(pinLength).min(1).max(MAX_PIN_LENGTH - MIN_PIN_LENGTH + 1).nullable().optional(),
    constraints: constraints.nullable().optional(),
    slotCapacity: z.number().int().min(1).max(1000).nullable().optional(),
    nativeSchedules: z
      .boolean()
      .optional()
      .openapi({ description: "Whether the lock enforces a code's start/end itself; defaults to false for Home Assistant (slot-based), true otherwise" }),
  })
  .strict()
  .openapi("LockInput");

/** The provider and device a lock row stands for never change: a different device is a different lock. */
export const lockPatch = patchOf(lockInput.omit({ propertyId: true, provider: true, providerDeviceId: true })).openapi("LockPatch");

export const lock = z
  .object({
    id: z.string(),
    propertyId: z.string(),
    name: z.string(),
    provider: z.string(),
    providerDeviceId: z.string(),
    connectionId: z.string().nullable(),
    supportedCodeLengths: z.array(z.number()).nullable(),
    constraints: z.record(z.string(), z.unknown()).nullable(),
    slotCapacity: z.number().nullable(),
    nativeSchedules: z.boolean(),
    batteryLevel: z.number().nullable().openapi({ description: "Percent 0–100, reported by the lock" }),
    batteryStatus: z.string().nullable(),
    online: z.boolean().nullable(),
    lastSeenAt: z.string().nullable(),
    lastHealthAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Lock");

export const lockListQuery = z.object({ propertyId: z.string().max(64).optional() });
