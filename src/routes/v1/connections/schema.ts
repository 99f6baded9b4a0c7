import { z } from "@hono/zod-openapi";
import { connectionConfigSchemas } from "../../../services/locks/connections";

export const connectionInput = z
  .discriminatedUnion("provider", [
    z.object({ provider: z.literal("seam"), name: z.string().trim().min(1).max(100), config: connectionConfigSchemas.seam }).strict(),
    z.object({ provider: z.literal("home_assistant"), name: z.string().trim().min(1).max(100), config: connectionConfigSchemas.home_assistant }).strict(),
    z.object({ provider: z.literal("zwave_js"), name: z.string().trim().min(1).max(100), config: connectionConfigSchemas.zwave_js }).strict(),
  ])
  .openapi("ProviderConnectionInput");

/** Credentials never come back: only what identifies the connection. */
export const connection = z
  .object({ id: z.string(), provider: z.string(), name: z.string(), createdAt: z.string() })
  .openapi("ProviderConnection");

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
