export type FetchErrorReason =
  | "blocked_address"
  | "bad_scheme"
  | "bad_url"
  | "dns"
  | "connect_timeout"
  | "timeout"
  | "too_large"
  | "too_many_redirects"
  | "http_status"
  | "network";

export type FetchResult =
  | {
      status: "ok";
      body: Buffer;
      etag?: string;
      lastModified?: string;
      httpStatus: number;
      /** Where the body came from after redirects. As secret as the feed URL itself. */
      finalUrl: string;
      /** Decoded body size. */
      bytes: number;
    }
  | { status: "not_modified"; httpStatus: 304 }
  | {
      status: "error";
      reason: FetchErrorReason;
      httpStatus?: number;
      /** Safe to store and show: names the host, never the URL (feed URLs carry access tokens). */
      detail: string;
      /** A 429 or 503 that said how long to wait (Retry-After): the next sync waits at least that long. */
      retryAfterMs?: number;
    };

/** Thrown inside the fetch pipeline and turned into an error result at the edge. */
export class FeedFetchError extends Error {
  constructor(
    readonly reason: FetchErrorReason,
    readonly detail: string,
    readonly httpStatus?: number,
    readonly retryAfterMs?: number,
  ) {
    super(detail);
    this.name = "FeedFetchError";
  }
}
