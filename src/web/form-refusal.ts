import { ServiceError } from "../services/errors";
import type { FieldErrors } from "./property-form";

/**
 * A service's refusal as a form shows it: its message and the fields it names. Anything else goes on to the error page
 * (a resource that is not the viewer's reads as a 404 like any other, a fault as a fault).
 */
export function formRefusalOf(err: unknown): { status: 400 | 403 | 409; message: string; errors: FieldErrors } {
  if (!(err instanceof ServiceError) || (err.kind === "not_found" && !err.fields) || err.kind === "rate_limited" || err.kind === "unavailable") throw err;
  const status = err.kind === "conflict" ? 409 : err.kind === "forbidden" ? 403 : 400;
  return { status, message: err.message, errors: Object.fromEntries((err.fields ?? []).map((f) => [f.path, f.message])) };
}

/** zod's issues as the fields a form shows beside its inputs. */
export function fieldErrorsOf(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) {
    const key = String(issue.path[0] ?? "form");
    out[key] ??= issue.message;
  }
  return out;
}
