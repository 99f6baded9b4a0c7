import { z } from "@hono/zod-openapi";
import { API_KEY_ROLES } from "../../../domain/team";
import { displayName } from "../../common-schemas";

const role = z.enum(API_KEY_ROLES).openapi({
  description: "What the key may do: `owner` everything, `manager` all but the team and account settings, `read_only` reads only. Never more than its member's role.",
});

export const apiKeyInput = z.object({ name: displayName(100), role: role.optional() }).strict().openapi("ApiKeyInput");

export const apiKey = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().openapi({ description: "First characters of the key, to tell keys apart" }),
    role,
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .openapi("ApiKey");

export const createdApiKey = apiKey
  .extend({ key: z.string().openapi({ description: "The key itself. Shown once: only its hash is stored." }) })
  .openapi("CreatedApiKey");
