import { request as httpRequest, type Agent, type ClientRequest, type IncomingMessage, type OutgoingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";
import type { LookupFunction, Socket } from "node:net";
import { BLOCKED_ADDRESS_CODE, type BlockedAddressError } from "../../lib/net/guarded-lookup";
import type { FetchDeadline } from "./fetch-deadline";
import { FeedFetchError } from "./fetch-result";

export interface OpenFeedRequestOptions {
  headers: OutgoingHttpHeaders;
  lookup: LookupFunction;
  connectTimeoutMs: number;
  /** Keep-alive pool of this address policy (see feedAgentFor): it opens new sockets only through `lookup`. */
  agent: Agent;
  /** The caller's total deadline: it destroys the request when the whole fetch runs out of time. */
  deadline: FetchDeadline;
}

export interface OpenedResponse {
  req: ClientRequest;
  res: IncomingMessage;
}

const DNS_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_FAIL", "EAI_NODATA", "EAI_NONAME", "ENODATA", "ESERVFAIL", "EDNS"]);

/**
 * Sends one GET and resolves with the response head. The connect timer covers DNS and the TCP (and
 * TLS) handshake of a new socket; after that, or on a reused one, only the caller's total deadline
 * applies. A reused socket was opened through the same guarded lookup (the pool is per policy), so
 * it is connected to an address that was checked; a reused socket the server had already closed
 * (the keep-alive race) is retried once on a fresh one.
 */
export async function openFeedRequest(url: URL, options: OpenFeedRequestOptions): Promise<OpenedResponse> {
  try {
    return await sendOnce(url, options);
  } catch (err) {
    if (!(err instanceof StaleSocketError)) throw err;
    return sendOnce(url, options);
  }
}

/** A pooled socket failed before any response: the server closed it while it sat idle. */
class StaleSocketError extends Error {}
const STALE_CODES = new Set(["ECONNRESET", "EPIPE", "ECONNABORTED"]);

function sendOnce(url: URL, options: OpenFeedRequestOptions): Promise<OpenedResponse> {
  const host = url.hostname;
  return new Promise((resolve, reject) => {
    let connectTimer: NodeJS.Timeout | undefined;
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    const req = send(url, {
      method: "GET",
      headers: options.headers,
      lookup: options.lookup,
      agent: options.agent,
    });
    options.deadline.watch(req);

    const fail = (err: unknown) => {
      clearTimeout(connectTimer);
      const code = (err as NodeJS.ErrnoException | undefined)?.code ?? "";
      if (req.reusedSocket && !options.deadline.expired && STALE_CODES.has(code)) return reject(new StaleSocketError(code));
      reject(toFeedFetchError(err, host, options.deadline.expired));
    };
    req.once("error", fail);
    req.once("socket", (socket: Socket) => {
      if (req.reusedSocket) return;
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
export function toFeedFetchError(err: unknown, host: string, timedOut: boolean): FeedFetchError {
  if (err instanceof FeedFetchError) return err;
  if (timedOut) return new FeedFetchError("timeout", `fetching from ${host} took longer than the total timeout`);
  const code = (err as NodeJS.ErrnoException | undefined)?.code ?? "";
  if (code === BLOCKED_ADDRESS_CODE) {
    const blocked = err as BlockedAddressError;
    return new FeedFetchError("blocked_address", `${host} resolves to ${blocked.address} (${blocked.range}), which is not allowed`);
  }
  if (DNS_CODES.has(code)) return new FeedFetchError("dns", `could not resolve ${host} (${code})`);
  return new FeedFetchError("network", `network error talking to ${host} (${code || (err as Error)?.name || "unknown"})`);
}
