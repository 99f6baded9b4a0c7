import { z } from "@hono/zod-openapi";

const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ description: "Page size (1–200)" }),
  // Every cursor staykey hands out is an id or a time and an id (lower-case letters, digits, underscores): anything
  // else was never a nextCursor, and treated as one it would quietly restart or end the list.
  cursor: z
    .string()
    .max(64)
    .regex(/^[0-9a-z_]+$/, "must be the nextCursor of a previous page")
    .optional()
    .openapi({ description: "`nextCursor` from the previous page" }),
});

/**
 * A list endpoint's query: paging plus the endpoint's own filters, and nothing else. An unknown parameter is a 400, as
 * an unknown body field is: a misspelt filter (`?propertyID=`) must not quietly list everything.
 */
export function listQuery<S extends z.ZodRawShape = Record<never, never>>(filters?: z.ZodObject<S>) {
  return pageQuery.extend((filters?.shape ?? {}) as S).strict();
}

export const pageOf = <T extends z.ZodTypeAny>(item: T) =>
  z.object({ data: z.array(item), nextCursor: z.string().nullable() });
