import type { ClientRequest, IncomingMessage, OutgoingHttpHeaders } from "node:http";
import { isIP } from "node:net";
import { type AllowList, emptyAllowList } from "../../lib/net/address-policy";
import { createGuardedLookup, refusalFor, type Resolver } from "../../lib/net/guarded-lookup";
import { feedAgentFor } from "./feed-agents";
import { FetchDeadline } from "./fetch-deadline";
import { FeedFetchError, type FetchResult } from "./fetch-result";
import { openFeedRequest, toFeedFetchError } from "./open-feed-request";
import { readCappedBody } from "./read-capped-body";
import { retryAfterMs } from "./retry-after";

export type { FetchErrorReason, FetchResult } from "./fetch-result";

export const FEED_USER_AGENT = "staykey/0.1 (+calendar-sync)";

export interface FetchFeedOptions {
  etag?: string;
  lastModified?: string;
  /** Operator-trusted hosts/networks (`STAYKEY_FEED_ALLOW_HOSTS`); everything else must be public. */
  allowList?: AllowList;
  /** Whole fetch including redirects and body. Default 20 s. */
  timeoutMs?: number;
  /** DNS plus handshake, per hop. Default 5 s. */
  connectTimeoutMs?: number;
  /** Cap on wire and decoded bytes. Default 10 MB, well above a year of bookings. */
  maxBytes?: number;
  /** Default 3: platforms redirect once (http→https or a CDN); more is a loop or a trick. */
  maxRedirects?: number;
  userAgent?: string;
  resolver?: Resolver;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * Fetches a calendar feed with the SSRF guard on every hop. Never throws: every failure comes back
 * as an error result whose detail names the host, never the URL.
 */
export async function fetchFeed(url: string, options: FetchFeedOptions = {}): Promise<FetchResult> {
  const allowList = options.allowList ?? emptyAllowList;
  const lookup = createGuardedLookup({ resolver: options.resolver, allowList });
  const maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
  const maxRedirects = options.maxRedirects ?? 3;
  const headers = requestHeaders(options);
  const deadline = new FetchDeadline(options.timeoutMs ?? 20_000);
  let current: ClientRequest | undefined;
  // The hop's host, for error details; a URL that does not parse fails with an error of its own that needs none.
  let host = "the feed host";

  try {
    const start = parseFeedUrl(url);
    let target = start;
    for (let redirects = 0; ; redirects++) {
      host = target.hostname;
      refuseLiteralAddress(target, allowList);
      const { req, res } = await openFeedRequest(target, {
        headers,
        lookup,
        agent: feedAgentFor(target.protocol, allowList, options.resolver),
        connectTimeoutMs: options.connectTimeoutMs ?? 5_000,
        deadline,
      });
      current?.destroy();
      current = req;
      const status = res.statusCode ?? 0;

      if (REDIRECT_STATUSES.has(status)) {
        res.resume();
        const location = res.headers.location;
        if (!location) throw new FeedFetchError("http_status", `${host} answered ${status} without a Location`, status);
        if (redirects >= maxRedirects) {
          throw new FeedFetchError("too_many_redirects", `more than ${maxRedirects} redirects starting at ${start.hostname}`, status);
        }
        target = parseFeedUrl(location, target);
        continue;
      }
      if (status === 304) {
        // A 304 has no body; waiting for its end hands the socket back to the keep-alive pool instead of closing it.
        await drained(res);
        return { status: "not_modified", httpStatus: 304 };
      }
      if (status < 200 || status > 299) {
        res.resume();
        const wait = status === 429 || status === 503 ? retryAfterMs(header(res, "retry-after"), header(res, "date"), Date.now()) : undefined;
        const asked = wait === undefined ? "" : ` and asked for ${Math.ceil(wait / 60_000)} min before the next try`;
        throw new FeedFetchError("http_status", `${host} answered HTTP ${status}${asked}`, status, wait);
      }

      const { body } = await readCappedBody(res, maxBytes, host);
      return {
        status: "ok",
        body,
        httpStatus: status,
        finalUrl: target.toString(),
        bytes: body.length,
        ...(typeof res.headers.etag === "string" ? { etag: res.headers.etag } : {}),
        ...(res.headers["last-modified"] ? { lastModified: res.headers["last-modified"] } : {}),
      };
    }
  } catch (err) {
    const failure = toFeedFetchError(err, host, deadline.expired);
    return {
      status: "error",
      reason: failure.reason,
      detail: failure.detail,
      ...(failure.httpStatus !== undefined ? { httpStatus: failure.httpStatus } : {}),
      ...(failure.retryAfterMs !== undefined ? { retryAfterMs: failure.retryAfterMs } : {}),
    };
  } finally {
    deadline.clear();
    current?.destroy();
  }
}

function header(res: IncomingMessage, name: string): string | undefined {
  const value = res.headers[name];
  return typeof value === "string" ? value : undefined;
}

function drained(res: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    // Not `complete`: node marks a 304 complete before 'end', and only 'end' hands the socket back.
    if (res.readableEnded) return resolve();
    res.once("end", resolve);
    res.once("close", resolve);
    res.once("error", () => resolve());
    res.resume();
  });
}

function requestHeaders(options: FetchFeedOptions): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {
    "user-agent": options.userAgent ?? FEED_USER_AGENT,
    accept: "text/calendar, text/plain;q=0.8, */*;q=0.5",
    "accept-encoding": "gzip, br",
  };
  if (options.etag) headers["if-none-match"] = options.etag;
  if (options.lastModified) headers["if-modified-since"] = options.lastModified;
  return headers;
}

/** Parses the feed URL or a redirect Location (relative to the hop it came from); http(s) only. */
function parseFeedUrl(raw: string, base?: URL): URL {
  let parsed: URL;
  try {
    parsed = new URL(raw, base);
  } catch {
    throw new FeedFetchError("bad_url", base ? `${base.hostname} redirected to an invalid URL` : "the feed URL is not a valid URL");
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    const from = base ? `${base.hostname} redirected to` : "the feed URL uses";
    throw new FeedFetchError("bad_scheme", `${from} ${parsed.protocol.slice(0, 20)} (only http and https are fetched)`);
  }
  if (parsed.hostname === "") throw new FeedFetchError("bad_url", "the feed URL has no host");
  return parsed;
}

/** Node connects to IP literals without calling `lookup`, so they are checked here instead. */
function refuseLiteralAddress(target: URL, allowList: AllowList): void {
  // URL keeps IPv6 literals in brackets; isIP wants them bare.
  const host = target.hostname.startsWith("[") ? target.hostname.slice(1, -1) : target.hostname;
  if (isIP(host) === 0) return;
  const refusal = refusalFor(host, host, allowList);
  if (refusal) throw new FeedFetchError("blocked_address", `${host} is ${refusal.range} and not allowed`);
}
