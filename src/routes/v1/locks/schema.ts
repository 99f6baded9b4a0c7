import { z } from "@hono/zod-openapi";
import { lockConstraints, lockInput as serviceLockInput, lockPatch as serviceLockPatch } from "../../../services/locks/lock-input";

/** The service's own input schemas, named for the OpenAPI document. */
const constraints = lockConstraints.openapi("LockConstraints", { description: "What the lock demands of a PIN (Seam-style rule names)" });
export const lockInput = serviceLockInput.extend({ constraints: constraints.nullable().optional() }).openapi("LockInput");
export const lockPatch = serviceLockPatch.extend({ constraints: constraints.nullable().optional() }).openapi("LockPatch");

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
