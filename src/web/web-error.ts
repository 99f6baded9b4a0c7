/** An error page the dashboard renders as HTML (the API's problem+json is no use to a browser). */
export class WebError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 429,
    message: string,
  ) {
    super(message);
  }
}

export const notFoundPage = (what: string) => new WebError(404, `${what} was not found in your account.`);
