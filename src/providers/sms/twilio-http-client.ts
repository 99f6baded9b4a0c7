import { AsyncLocalStorage } from "node:async_hooks";
import twilio from "twilio";

type RequestOptions = Parameters<InstanceType<typeof twilio.RequestClient>["request"]>[0];
type ClientOptions = ConstructorParameters<typeof twilio.RequestClient>[0];

/** What the SDK drops on the floor but we need: Retry-After from a 429. */
export interface TwilioCallTrace {
  retryAfterMs?: number;
}

const traces = new AsyncLocalStorage<TwilioCallTrace>();

/** Runs one SDK call and returns what the HTTP layer saw, without sharing state between concurrent sends. */
export async function traceTwilioCall<T>(call: () => Promise<T>): Promise<{ trace: TwilioCallTrace; result?: T; error?: unknown }> {
  const trace: TwilioCallTrace = {};
  try {
    return { trace, result: await traces.run(trace, call) };
  } catch (error) {
    return { trace, error };
  }
}

/**
 * The SDK's own RequestClient, with two additions: every *.twilio.com URL can be sent to another
 * base (a regional proxy, a recording gateway, or the loopback emulator in tests), and response
 * headers of the current traced call are kept for error mapping.
 */
export class TwilioHttpClient extends twilio.RequestClient {
  private readonly apiBaseUrl: string | undefined;

  constructor(options: { apiBaseUrl?: string | undefined; timeoutMs?: number | undefined } = {}) {
    const clientOptions: ClientOptions = {};
    if (options.timeoutMs !== undefined) clientOptions.timeout = options.timeoutMs;
    super(clientOptions);
    this.apiBaseUrl = options.apiBaseUrl?.replace(/\/+$/, "");
  }

  override async request<TData>(opts: RequestOptions & { data?: TData }) {
    const response = await super.request<TData>({ ...opts, uri: rebaseTwilioUrl(opts.uri, this.apiBaseUrl) });
    const trace = traces.getStore();
    if (trace) {
      const retryAfterMs = parseRetryAfter(response.headers?.["retry-after"]);
      if (retryAfterMs !== undefined) trace.retryAfterMs = retryAfterMs;
    }
    return response;
  }
}

export function rebaseTwilioUrl(uri: string, apiBaseUrl: string | undefined): string {
  if (!apiBaseUrl) return uri;
  const url = new URL(uri);
  if (url.hostname !== "twilio.com" && !url.hostname.endsWith(".twilio.com")) return uri;
  return `${apiBaseUrl}${url.pathname}${url.search}`;
}

// Only the delta-seconds form: an HTTP-date would need the clock here, and APIs rarely send one.
function parseRetryAfter(value: unknown): number | undefined {
  if (typeof value !== "string" || !/^\s*\d+\s*$/.test(value)) return undefined;
  return Number(value.trim()) * 1000;
}
