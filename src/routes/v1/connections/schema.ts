import { z } from "@hono/zod-openapi";
import { connectionConfigSchemas } from "../../../services/locks/connections";
import { displayName } from "../../common-schemas";

export const connectionInput = z
  .discriminatedUnion("provider", [
    z.object({ provider: z.literal("seam"), name: displayName(100), config: connectionConfigSchemas.seam }).strict(),
    z.object({ provider: z.literal("home_assistant"), name: displayName(100), config: connectionConfigSchemas.home_assistant }).strict(),
    z.object({ provider: z.literal("zwave_js"), name: displayName(100), config: connectionConfigSchemas.zwave_js }).strict(),
    z.object({ provider: z.literal("matter"), name: displayName(100), config: connectionConfigSchemas.matter }).strict(),
  ])
  .openapi("ProviderConnectionInput");

/** Credentials never come back: only what identifies the connection. */
export const connection = z
  .object({
    id: z.string(),
    provider: z.string(),
    name: z.string(),
    credentialHint: z.string().openapi({ description: "Recognises the credential without showing it: \"API key ending 4f2a\", \"token ending 91bc\", \"server URL ending :3000\"" }),
    lastSuccessAt: z.string().nullable().openapi({ description: "When the vendor last answered" }),
    lastErrorAt: z.string().nullable(),
    lastError: z.string().nullable().openapi({ description: "What the last failed call met, in words (never the credential)" }),
    rotatedAt: z.string().nullable().openapi({ description: "When the credential was last replaced" }),
    createdAt: z.string(),
  })
  .openapi("ProviderConnection");

/** A new key, token or address for the same provider; its shape is the provider's `config`. */
export const connectionRotation = z
  .object({ config: z.record(z.string(), z.unknown()).openapi({ description: "As when the connection was created: {apiKey} for Seam, {baseUrl, token} for Home Assistant, {url} for Z-Wave JS" }) })
  .strict()
  .openapi("ProviderConnectionRotation");

export const devicePicks = z
  .object({
    locks: z
      .array(z.object({ deviceId: z.string().min(1).max(200), propertyId: z.string().min(1).max(64), name: displayName(200).optional() }).strict())
      .min(1)
      .max(100),
  })
  .strict()
  .openapi("ConnectionDevicePicks");

export const connectionDevice = z
  .object({
    deviceId: z.string(),
    name: z.string(),
    model: z.string().nullable().openapi({ description: "Maker and model, when the vendor says" }),
    zwaveNodeId: z.number().int().nullable().openapi({ description: "The lock's Z-Wave node (Home Assistant's Z-Wave JS locks, Z-Wave JS)" }),
    online: z.boolean(),
    batteryLevel: z.number().int().nullable().openapi({ description: "Percent, when the vendor reports it" }),
    lockId: z.string().nullable().openapi({ description: "The account's lock made from this device, if one was added" }),
  })
  .openapi("ConnectionDevice");

export const locksAdded = z
  .object({ data: z.array(z.object({ id: z.string(), name: z.string(), providerDeviceId: z.string(), propertyId: z.string() })) })
  .openapi("ConnectionLocksAdded");
