import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ServiceError, type ServiceErrorKind } from "../services/errors";

/**
 * RFC 9457 problem details. Every error the API returns goes through here so clients see one shape:
 * `{ type, title, status, detail, code, requestId, errors? }`.
 */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: { path: string; message: string }[],
    /** RFC 9457 extension members: more of what the client needs to act (a failed sync's feed and outcome). */
    readonly extensions?: Record<string, unknown>,
  ) {
    super(detail ?? title);
  }
}

export const notFound = (what: string) => new ApiError(404, "not_found", "Not found", `${what} does not exist`);
export const conflict = (detail: string) => new ApiError(409, "conflict", "Conflict", detail);
export const badRequest = (detail: string, errors?: { path: string; message: string }[]) =>
  new ApiError(400, "invalid_request", "Invalid request", detail, errors);

export function problemResponse(c: Context, err: ApiError): Response {
  const body = {
    type: `https://staykey.dev/problems/${err.code}`,
    title: err.title,
    status: err.status,
    detail: err.detail,
    code: err.code,
    requestId: c.get("requestId" as never) as string | undefined,
    ...(err.errors ? { errors: err.errors } : {}),
    ...err.extensions,
  };
  return c.body(JSON.stringify(body), err.status, { "content-type": "application/problem+json" });
}

const SERVICE_ERRORS: Record<ServiceErrorKind, { status: ContentfulStatusCode; code: string; title: string }> = {
  not_found: { status: 404, code: "not_found", title: "Not found" },
  conflict: { status: 409, code: "conflict", title: "Conflict" },
  invalid: { status: 400, code: "invalid_request", title: "Invalid request" },
  forbidden: { status: 403, code: "forbidden", title: "Forbidden" },
  rate_limited: { status: 429, code: "rate_limited", title: "Too many requests" },
  unavailable: { status: 503, code: "unavailable", title: "Unavailable" },
};

/** A service's refusal as the API answers it. */
export function apiErrorOf(err: ServiceError): ApiError {
  const m = SERVICE_ERRORS[err.kind];
  return new ApiError(m.status, m.code, m.title, err.message, err.fields);
}

export { ServiceError };
