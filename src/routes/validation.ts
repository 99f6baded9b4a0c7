import type { z } from "@hono/zod-openapi";
import { ApiError } from "./problem";

/** Unknown names are the caller's own input: echo a bounded number of them, each cut short. */
const MAX_UNKNOWN_NAMED = 20;
const clip = (name: string) => (name.length > 100 ? `${name.slice(0, 100)}…` : name);

/**
 * Turns a zod failure into a 400 problem that names every bad field. An unknown field or query parameter is named
 * itself (`errors[].path` is `bogus`, not the whole body or query), as a misspelt one would be.
 */
export function validationError(error: z.ZodError, where: string): ApiError {
  // A problem with the body as a whole (an array where an object belongs) is the body's, not hono's target name.
  const root = where === "json" ? "body" : where;
  const unknown = where === "query" ? "is not a query parameter of this endpoint" : "is not a field this endpoint takes";
  const errors = error.issues.flatMap((i) =>
    i.code === "unrecognized_keys"
      ? i.keys.slice(0, MAX_UNKNOWN_NAMED).map((key) => ({ path: [...i.path, clip(key)].join("."), message: unknown }))
      : [{ path: i.path.join(".") || root, message: i.message }],
  );
  const detail = errors.map((e) => `${e.path}: ${e.message}`).join("; ");
  return new ApiError(400, "validation_failed", "Validation failed", detail.slice(0, 1000), errors);
}
