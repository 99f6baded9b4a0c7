import { z } from "@hono/zod-openapi";
import { IANAZone } from "luxon";

export const idParam = (name: string, example: string) =>
  z.object({ id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" }, example, description: `${name} id` }) });

export const timezone = z
  .string()
  .max(64)
  .refine((v) => IANAZone.isValidZone(v) && v.includes("/") || v === "UTC", { message: "must be an IANA timezone such as Europe/Berlin" })
  .openapi({ example: "Europe/Berlin" });

export const localTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a 24-hour local time HH:mm")
  .openapi({ example: "16:00" });

export const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD")
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), {
    message: "is not a real calendar date",
  })
  .openapi({ example: "2026-12-24" });

export const instant = z.iso.datetime({ offset: true }).openapi({ example: "2026-12-24T15:00:00Z" });

export const locale = z
  .string()
  .max(35)
  .refine((v) => {
    try {
      return Intl.getCanonicalLocales(v).length === 1;
    } catch {
      return false;
    }
  }, { message: "must be a BCP 47 locale such as en-US" });

export const email = z.email().max(254);
/** E.164, as Twilio wants it. */
export const phone = z.string().regex(/^\+[1-9]\d{6,14}$/, "must be an E.164 phone number such as +14155550123");

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

const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: problemSchema } } });
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

type PatchShape<S extends z.ZodRawShape> = {
  [K in keyof S]: z.ZodOptional<S[K] extends z.ZodDefault<infer Inner extends z.ZodTypeAny> ? Inner : S[K]>;
};

/** PATCH bodies: every field optional and no defaults filled in, so a partial update never resets a setting. */
export function patchOf<S extends z.ZodRawShape>(input: z.ZodObject<S>) {
  const shape = Object.fromEntries(
    Object.entries(input.shape).map(([k, v]) => [k, (v instanceof z.ZodDefault ? (v.unwrap() as z.ZodTypeAny) : (v as z.ZodTypeAny)).optional()]),
  ) as unknown as PatchShape<S>;
  return z.object(shape).strict();
}
