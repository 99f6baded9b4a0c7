import { z } from "@hono/zod-openapi";
import { homeAssistantConnectionConfig, seamConnectionConfig } from "../../../providers/locks/connection-config";

export const connectionInput = z
  .discriminatedUnion("provider", [
    z.object({ provider: z.literal("seam"), name: z.string().trim().min(1).max(100), config: seamConnectionConfig }).strict(),
    z.object({ provider: z.literal("home_assistant"), name: z.string().trim().min(1).max(100), config: homeAssistantConnectionConfig }).strict(),
  ])
  .openapi("ProviderConnectionInput");

/** Credentials never come back: only what identifies the connection. */
export const connection = z
  .object({ id: z.string(), provider: z.string(), name: z.string(), createdAt: z.string() })
  .openapi("ProviderConnection");
