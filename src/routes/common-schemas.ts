import { z } from "@hono/zod-openapi";

export const idParam = (name: string, example: string) =>
  z.object({ id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" }, example, description: `${name} id` }) });

export { displayName, email, instant, locale, localDate, localTime, patchOf, phone, timezone } from "../services/input-fields";

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    detail: z.string().optional(),
    code: z.string(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi("Problem");

export const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: problemSchema } } });
export const errorResponses = {
  400: problem("Invalid request"),
  401: problem("Missing or unknown API key"),
  404: problem("Not found in your account"),
  409: problem("Conflicts with the current state"),
  413: problem("Body too large"),
  422: problem("Idempotency-Key reused with a different request"),
} as const;

export const jsonBody = <T extends z.ZodTypeAny>(schema: T) => ({
  body: { content: { "application/json": { schema } }, required: true },
});
export const jsonResponse = <T extends z.ZodTypeAny>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
