import { z } from "@hono/zod-openapi";

export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ description: "Page size (1–200)" }),
  cursor: z.string().max(64).optional().openapi({ description: "`nextCursor` from the previous page" }),
});

export const pageOf = <T extends z.ZodTypeAny>(item: T) =>
  z.object({ data: z.array(item), nextCursor: z.string().nullable() });

/** Ids are time-prefixed, so ordering by id is stable and a cursor is simply the last id seen. */
export function page<T extends { id: string }>(rows: T[], limit: number): { data: T[]; nextCursor: string | null } {
  const more = rows.length > limit;
  const data = more ? rows.slice(0, limit) : rows;
  return { data, nextCursor: more ? data[data.length - 1]!.id : null };
}
