import { request as httpRequest, type ClientRequest, type IncomingMessage, type OutgoingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";
import type { LookupFunction, Socket } from "node:net";
import { BLOCKED_ADDRESS_CODE, type BlockedAddressError } from "../../lib/net/guarded-lookup";
import { FeedFetchError } from "./fetch-result";

export interface OpenFeedRequestOptions {
  headers: OutgoingHttpHeaders;
  lookup: LookupFunction;
  connectTimeoutMs: number;
  /** Aborts everything: the caller's total deadline. */
  signal: AbortSignal;
}

export interface OpenedResponse {
  req: ClientRequest;
  res: IncomingMessage;
}

const DNS_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_FAIL", "EAI_NODATA", "EAI_NONAME", "ENODATA", "ESERVFAIL", "EDNS"]);

/**
 * Sends one GET and resolves with the response head. The connect timer covers DNS and the TCP (and
 * TLS) handshake; after that only the caller's total deadline applies. `agent: false` gives every
 * request its own socket: a pooled keep-alive socket would skip the address check of this call.
 */
export function openFeedRequest(url: URL, options: OpenFeedRequestOptions): Promise<OpenedResponse> {
  const host = url.hostname;
  return new Promise((resolve, reject) => {
    let connectTimer: NodeJS.Timeout | undefined;
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    const req = send(url, {
      method: "GET",
      headers: options.headers,
      lookup: options.lookup,
      agent: false,
      signal: options.signal,
    });

    const fail = (err: unknown) => {
      clearTimeout(connectTimer);
      reject(toFeedFetchError(err, host, options.signal));
    };
    req.once("error", fail);
    req.once("socket", (socket: Socket) => {
      connectTimer = setTimeout(() => {
        req.destroy(new FeedFetchError("connect_timeout", `could not connect to ${host} within ${options.connectTimeoutMs} ms`));
      }, options.connectTimeoutMs);
      const connected = () => clearTimeout(connectTimer);
      socket.once(url.protocol === "https:" ? "secureConnect" : "connect", connected);
    });
    req.once("response", (res) => {
      clearTimeout(connectTimer);
      req.off("error", fail);
      // Later socket errors surface through the body stream; keep them from crashing the process.
      req.on("error", () => {});
      resolve({ req, res });
    });
    req.end();
  });
}

/** Maps whatever node threw to a reason and a detail that names only the host. */
export function toFeedFetchError(err: unknown, host: string, signal: AbortSignal): FeedFetchError {
  if (err instanceof FeedFetchError) return err;
  if (signal.aborted) return new FeedFetchError("timeout", `fetching from ${host} took longer than the total timeout`);
  const code = (err as NodeJS.ErrnoException | undefined)?.code ?? "";
  if (code === BLOCKED_ADDRESS_CODE) {
    const blocked = err as BlockedAddressError;
    return new FeedFetchError("blocked_address", `${host} resolves to ${blocked.address} (${blocked.range}), which is not allowed`);
  }
  if (DNS_CODES.has(code)) return new FeedFetchError("dns", `could not resolve ${host} (${code})`);
  return new FeedFetchError("network", `network error talking to ${host} (${code || (err as Error)?.name || "unknown"})`);
}
