import { readFeed, type FeedReading, type ReadFeedInput } from "../../../domain/calendar";
import type { AllowList } from "../../../lib/net/address-policy";
import { fetchFeed, type FetchFeedOptions, type FetchResult } from "../../../providers/calendar/fetch-feed";

/** Why a reader thread gave no answer for a feed: as far as anyone can tell the feed's fault, so that sync alone fails. */
export type ReaderFailureReason = "parse_timeout" | "parser_crashed";

export interface FeedReadRequest {
  /** The decrypted feed URL: a secret, kept in memory only (never logged, never in a job). */
  url: string;
  etag?: string;
  lastModified?: string;
  input: ReadFeedInput;
}

/** A fetch that failed or was a 304, a body read into candidate stays, or a reader thread that gave up on it. */
export type FeedRead =
  | Exclude<FetchResult, { status: "ok" }>
  | { status: "ok"; etag?: string; lastModified?: string; finalUrl: string; reading: FeedReading }
  | { status: "unread"; reason: ReaderFailureReason; detail: string };

/**
 * Fetches a feed and reads it into what a sync reconciles. Inline on the calling thread, or on a pool of reader
 * threads (see createFeedReaderPool): same request, same answer.
 */
export interface FeedReader {
  /** `fetchOptions`: the sync's (deps.feedFetch), so the address policy is one thing wherever the fetch runs. */
  read(request: FeedReadRequest, fetchOptions: FeedFetchOptions): Promise<FeedRead>;
  /** Stops the reader threads; reads still waiting reject. */
  close(): Promise<void>;
  /** The pool's state, for metrics (a reader without threads has none). */
  state?(): FeedReaderState;
}

export interface FeedReaderState {
  threads: number;
  /** Threads started and ready, and those of them with reads in flight. */
  running: number;
  busy: number;
  inFlight: number;
  /** Reads waiting for a thread. */
  waiting: number;
  /** Threads that died while reading (out of memory, a crash) and were replaced, since start. */
  replaced: number;
  /** Threads could not start at all: feeds are read on the main thread. */
  inline: boolean;
}

export type FeedFetchOptions = Omit<FetchFeedOptions, "etag" | "lastModified">;

/** Fetch options as plain data, for a reader thread: the allow-list as STAYKEY_FEED_ALLOW_HOSTS-style text. */
export type FetchOptionsSpec = Omit<FeedFetchOptions, "allowList" | "resolver"> & { allowHosts: string };

// Per options object (a runtime's deps.feedFetch lives as long as the runtime): spelling the allow-list out again for
// every feed showed in an unchanged sync's profile.
const specs = new WeakMap<FeedFetchOptions, FetchOptionsSpec | null>();

/** A custom resolver (tests, the demo's own host) is a function and cannot be handed to a thread. */
export function fetchOptionsSpec(options: FeedFetchOptions): FetchOptionsSpec | null {
  let spec = specs.get(options);
  if (spec === undefined) {
    const { allowList, resolver, ...rest } = options;
    spec = resolver ? null : { ...rest, allowHosts: allowList ? allowListText(allowList) : "" };
    specs.set(options, spec);
  }
  return spec;
}

function allowListText(allowList: AllowList): string {
  return [...allowList.hosts, ...allowList.networks.map(([address, bits]) => `${address.toString()}/${bits}`)].join(",");
}

/**
 * One feed, fetched (SSRF-guarded, conditional) and read. `beforeParse` lets a reader thread tell the pool that the
 * CPU-bound part started, which is what the parse deadline measures. Never throws.
 */
export async function fetchAndRead(request: FeedReadRequest, fetchOptions: FeedFetchOptions, beforeParse?: () => void): Promise<FeedRead> {
  const fetched = await fetchFeed(request.url, { ...fetchOptions, etag: request.etag, lastModified: request.lastModified });
  if (fetched.status !== "ok") return fetched;
  beforeParse?.();
  return {
    status: "ok",
    finalUrl: fetched.finalUrl,
    ...(fetched.etag ? { etag: fetched.etag } : {}),
    ...(fetched.lastModified ? { lastModified: fetched.lastModified } : {}),
    reading: readFeed(fetched.body, request.input),
  };
}

/** On the calling thread: tests, single-core machines (STAYKEY_PARSE_THREADS=0), fetches with a custom resolver. */
export const inlineFeedReader: FeedReader = {
  read: (request, fetchOptions) => fetchAndRead(request, fetchOptions),
  close: async () => {},
};
