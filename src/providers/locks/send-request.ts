import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";
import { BlockedAddressError, type AddressGuard } from "../../lib/net/guarded-lookup";

export interface HttpRequest {
  method: "GET" | "POST";
  url: string;
  headers: Record<string, string>;
  body?: unknown;
  /** Sent as it is (a signed webhook body must reach the receiver byte for byte); `body` is JSON-encoded instead. */
  rawBody?: string;
  /**
   * Where a tenant-supplied URL may lead (a Home Assistant base URL): checked on the socket, so a name that
   * re-resolves to a refused address between two calls is caught too, and nothing (no token) is sent there.
   */
  addressGuard?: AddressGuard;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
}

export class RequestTimeoutError extends Error {
  override readonly name = "TimeoutError";
}

/** A lock API answers with a device or a code list; more than this is not a lock API. */
const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;

/** The guard's refusal, as one line naming the host and range (a socket's lookup error reaches us as the same object). */
export function blockedAddressDetail(err: unknown): string | null {
  return err instanceof BlockedAddressError ? err.where : null;
}

/**
 * One request and its whole answer, within `timeoutMs`. node:http rather than fetch so the guard's lookup runs on the
 * connecting socket; a new connection per call (`agent: false`) so a pooled socket opened without the guard can never
 * carry a guarded request.
 */
export function sendRequest(req: HttpRequest, timeoutMs: number): Promise<RawResponse> {
  const url = new URL(req.url);
  const refusal = req.addressGuard?.refusalForLiteral(url.hostname);
  if (refusal) return Promise.reject(refusal);
  const body = req.rawBody ?? (req.body === undefined ? undefined : JSON.stringify(req.body));
  const headers = body === undefined ? req.headers : { ...req.headers, "content-length": String(Buffer.byteLength(body)) };
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = send(url, { method: req.method, headers, agent: false, ...(req.addressGuard ? { lookup: req.addressGuard.lookup } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_RESPONSE_BYTES) outgoing.destroy(new Error(`response larger than ${MAX_RESPONSE_BYTES} bytes`));
        else chunks.push(chunk);
      });
      res.on("end", () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: toHeaders(res.headers), text: Buffer.concat(chunks).toString("utf8") });
      });
    });
    const timer = setTimeout(() => outgoing.destroy(new RequestTimeoutError(`no complete answer within ${timeoutMs} ms`)), timeoutMs);
    outgoing.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    outgoing.end(body);
  });
}

function toHeaders(raw: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, v);
  }
  return headers;
}
