import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

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
  };
  return c.body(JSON.stringify(body), err.status, { "content-type": "application/problem+json" });
}
