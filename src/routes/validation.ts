import type { z } from "@hono/zod-openapi";
import { ApiError } from "./problem";

/** Turns a zod failure into a 400 problem that names every bad field. */
export function validationError(error: z.ZodError, where: string): ApiError {
  const errors = error.issues.map((i) => ({ path: i.path.join(".") || where, message: i.message }));
  const detail = errors.map((e) => `${e.path}: ${e.message}`).join("; ");
  return new ApiError(400, "validation_failed", "Validation failed", detail.slice(0, 1000), errors);
}
