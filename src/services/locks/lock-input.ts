import { z } from "zod";
import { LOCK_CONSTRAINT_RULES, MAX_PIN_LENGTH, MIN_PIN_LENGTH } from "../../domain/pin";
import { displayName, patchOf } from "../input-fields";

const pinLength = z.number().int().min(MIN_PIN_LENGTH).max(MAX_PIN_LENGTH);

/** What the lock demands of a PIN (Seam-style rule names). */
export const lockConstraints = z
  .object({
    rules: z.array(z.enum(LOCK_CONSTRAINT_RULES)).max(LOCK_CONSTRAINT_RULES.length).optional(),
    minLength: pinLength.optional(),
    maxLength: pinLength.optional(),
  })
  .strict()
  .refine((c) => c.minLength === undefined || c.maxLength === undefined || c.minLength <= c.maxLength, {
    message: "minLength must not exceed maxLength",
    path: ["minLength"],
  });

/**
 * A new lock, as the API's body and the dashboard's add-lock form are both read. What depends on the provider (a
 * connection, a slot capacity, schedules) is createLock's to judge (lock-settings), so a PATCH is held to it too.
 */
export const lockInput = z
  .object({
    propertyId: z.string().min(1).max(64),
    name: displayName(200),
    provider: z.enum(["simulated", "seam", "home_assistant", "zwave_js", "matter"]),
    providerDeviceId: z.string().trim().min(1).max(200),
    connectionId: z.string().min(1).max(64).nullable().optional(),
    supportedCodeLengths: z.array(pinLength).min(1).max(MAX_PIN_LENGTH - MIN_PIN_LENGTH + 1).nullable().optional(),
    constraints: lockConstraints.nullable().optional(),
    slotCapacity: z.number().int().min(1).max(1000).nullable().optional(),
    nativeSchedules: z
      .boolean()
      .optional()
      .meta({ description: "Whether the lock enforces a code's start/end itself; defaults to false for Home Assistant, Z-Wave JS and Matter (slot-based), true otherwise" }),
  })
  .strict();

/** The provider and device a lock row stands for never change: a different device is a different lock. */
export const lockPatch = patchOf(lockInput.omit({ propertyId: true, provider: true, providerDeviceId: true }));

export type LockInput = z.output<typeof lockInput>;
export type LockPatch = z.output<typeof lockPatch>;
