import { relayPageSchema, type RelayPage } from "./relay-event";

export interface RelayClientOptions {
  relayUrl: string;
  token: string;
  fetch?: typeof fetch;
}

export interface PullRequest {
  after: number;
  waitSeconds: number;
  nextCheckIns?: readonly Date[];
  signal?: AbortSignal;
}

export class RelayHttpError extends Error {
  constructor(
    readonly status: number,
    what: string,
  ) {
    super(`relay ${what} answered HTTP ${status}`);
    this.name = "RelayHttpError";
  }
}

/** The edge may cap the list; more than this is never useful in an outage text anyway. */
const MAX_CHECK_INS = 50;
/** Slack on top of the long-poll before a silent connection counts as dead. */
const RESPONSE_GRACE_MS = 15_000;

/** HTTP calls to the relay's `/relay/events` and `/relay/ack`, authenticated with the relay token. */
export function createRelayClient(options: RelayClientOptions) {
  const fetcher = options.fetch ?? fetch;
  const base = options.relayUrl.endsWith("/") ? options.relayUrl : `${options.relayUrl}/`;
  const auth = { authorization: `Bearer ${options.token}` };

  async function pull(request: PullRequest): Promise<RelayPage> {
    const url = new URL("relay/events", base);
    url.searchParams.set("after", String(request.after));
    url.searchParams.set("wait", String(request.waitSeconds));
    const headers: Record<string, string> = { ...auth, accept: "application/json" };
    if (request.nextCheckIns) {
      headers["x-staykey-next-check-ins"] = request.nextCheckIns
        .slice(0, MAX_CHECK_INS)
        .map((d) => d.toISOString())
        .join(",");
    }
    const signal = withTimeout(request.signal, request.waitSeconds * 1000 + RESPONSE_GRACE_MS);
    const response = await fetcher(url, { headers, signal });
    if (!response.ok) throw new RelayHttpError(response.status, "pull");
    return relayPageSchema.parse(JSON.parse(await textUnlessAborted(response, signal)));
  }

  async function ack(ids: readonly string[], signal?: AbortSignal): Promise<void> {
    if (ids.length === 0) return;
    const response = await fetcher(new URL("relay/ack", base), {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ ids }),
      signal: withTimeout(signal, RESPONSE_GRACE_MS),
    });
    if (!response.ok) throw new RelayHttpError(response.status, "ack");
    await response.body?.cancel();
  }

  return { pull, ack };
}

export type RelayClient = ReturnType<typeof createRelayClient>;

/**
 * The body, or the abort's reason as soon as `signal` aborts. Node 20's fetch can leave a gzip body read (workerd and
 * Cloudflare gzip JSON) unsettled for good when the abort lands as the body finishes, which would hang `stop()`.
 */
async function textUnlessAborted(response: Response, signal: AbortSignal): Promise<string> {
  signal.throwIfAborted();
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([response.text(), aborted]);
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}

function withTimeout(signal: AbortSignal | undefined, ms: number): AbortSignal {
  const timeout = AbortSignal.timeout(ms);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}
