/**
 * What a service refuses, in words a person can act on. Services throw these; the API turns them into RFC 9457
 * problem+json (routes/problem) and the dashboard into a page or a form error (web/web-error), so the same rule gives
 * the same answer through both.
 */
export type ServiceErrorKind = "not_found" | "conflict" | "invalid" | "forbidden" | "rate_limited" | "unavailable";

export interface FieldProblem {
  /** The input field, dotted for nested ones (`config.baseUrl`). */
  path: string;
  message: string;
}

export class ServiceError extends Error {
  constructor(
    readonly kind: ServiceErrorKind,
    message: string,
    readonly fields?: FieldProblem[],
    /** For `rate_limited`: when to try again. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "ServiceError";
  }
}

/** Another account's id and a missing one read the same: "property prop_1 does not exist". */
export const notFound = (what: string) => new ServiceError("not_found", `${what} does not exist`);
export const conflict = (detail: string) => new ServiceError("conflict", detail);
export const invalid = (detail: string, fields?: FieldProblem[]) => new ServiceError("invalid", detail, fields);
export const invalidField = (path: string, message: string) => new ServiceError("invalid", message, [{ path, message }]);
export const forbidden = (detail: string) => new ServiceError("forbidden", detail);
