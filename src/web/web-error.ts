import type { ServiceError } from "../services/errors";

/** An error page the dashboard renders as HTML (the API's problem+json is no use to a browser). */
export class WebError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 429 | 503,
    message: string,
  ) {
    super(message);
  }
}

export const notFoundPage = (what: string) => new WebError(404, `${what} was not found in your account.`);

const PAGE_STATUS = { not_found: 404, conflict: 409, invalid: 400, forbidden: 403, rate_limited: 429, unavailable: 503 } as const;

/** A service's refusal as the dashboard shows it when no form is there to show it beside a field. */
export const webErrorOf = (err: ServiceError) => new WebError(PAGE_STATUS[err.kind], err.message);
