import { z } from "@hono/zod-openapi";

export const apiKeyInput = z.object({ name: z.string().trim().min(1).max(100) }).strict().openapi("ApiKeyInput");

export const apiKey = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().openapi({ description: "First characters of the key, to tell keys apart" }),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .openapi("ApiKey");

export const createdApiKey = apiKey
  .extend({ key: z.string().openapi({ description: "The key itself. Shown once: only its hash is stored." }) })
  .openapi("CreatedApiKey");
