import { createHash } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type OutgoingHttpHeaders } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { gzipSync } from "node:zlib";

/** What one path answers. Change it between syncs with `set` to play a calendar that moves. */
export interface FeedRoute {
  body?: string | Buffer;
  /** Default 200, or 302 with `redirectTo`. */
  status?: number;
  /** Extra or overriding headers; `transfer-encoding: chunked` suppresses Content-Length. */
  headers?: OutgoingHttpHeaders;
  /** Wait this long before answering (the socket stays open, so the client sees a slow server). */
  delayMs?: number;
  /** Never answer at all: for total-timeout tests. */
  hang?: boolean;
  /** Relative path on this server or an absolute URL, sent as `Location`. */
  redirectTo?: string;
  /** Send this ETag; `true` derives one from the body. Honours `If-None-Match` with a 304. */
  etag?: string | true;
  /** Send this Last-Modified (HTTP date); honours `If-Modified-Since` with a 304 when equal. */
  lastModified?: string;
  /** Gzip the body and say so, like most platforms do. */
  gzip?: boolean;
  /** Promise the full Content-Length but drop the connection after this many body bytes. */
  abortAfterBytes?: number;
  /** Send this many body bytes, then keep the connection open and silent (a drip-feeding server). */
  stallAfterBytes?: number;
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

export interface FeedServer {
  /** Absolute URL of `path` on this server, e.g. `url("/cal/1.ics?s=token")`. */
  url(path: string): string;
  origin: string;
  port: number;
  set(path: string, route: FeedRoute): void;
  /** Requests seen for `path` (matched like routes: full path with query, else path alone). */
  requests(path: string): RecordedRequest[];
  /** TCP connections accepted so far, to prove a refused fetch never connected. */
  connectionCount(): number;
  close(): Promise<void>;
}

export interface FeedServerOptions {
  /** Loopback address to listen on; `::1` for IPv6 tests. */
  host?: string;
}

/** A loopback HTTP server that serves calendar feeds the way real platforms do, and misbehaves on request. */
export async function startFeedServer(options: FeedServerOptions = {}): Promise<FeedServer> {
  const host = options.host ?? "127.0.0.1";
  const routes = new Map<string, FeedRoute>();
  const seen: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let connections = 0;

  const keyFor = (url: string): string => (routes.has(url) ? url : url.split("?")[0] ?? url);

  const server = createServer((req, res) => {
    const url = req.url ?? "/";
    seen.push({ method: req.method ?? "GET", url, headers: req.headers });
    const route = routes.get(keyFor(url));
    if (!route) {
      res.writeHead(404, { "content-type": "text/plain" }).end("no such feed");
      return;
    }
    if (route.hang) return;
    const answer = () => respond(route, req.headers, res);
    if (route.delayMs) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        answer();
      }, route.delayMs);
      timers.add(timer);
    } else {
      answer();
    }
  });
  server.on("connection", (socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

  return {
    origin,
    port,
    url: (path) => `${origin}${path}`,
    set: (path, route) => void routes.set(path, route),
    requests: (path) => seen.filter((r) => r.url === path || keyFor(r.url) === path),
    connectionCount: () => connections,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function respond(route: FeedRoute, reqHeaders: IncomingHttpHeaders, res: import("node:http").ServerResponse): void {
  const raw = typeof route.body === "string" ? Buffer.from(route.body, "utf8") : (route.body ?? Buffer.alloc(0));
  const headers: OutgoingHttpHeaders = { "content-type": "text/calendar; charset=utf-8", ...route.headers };
  const etag = route.etag === true ? `"${createHash("sha1").update(raw).digest("hex").slice(0, 16)}"` : route.etag;
  if (etag) headers.etag = etag;
  if (route.lastModified) headers["last-modified"] = route.lastModified;

  if (route.redirectTo) {
    res.writeHead(route.status ?? 302, { ...headers, location: route.redirectTo }).end();
    return;
  }
  const etagMatches = etag !== undefined && reqHeaders["if-none-match"] === etag;
  const dateMatches = route.lastModified !== undefined && reqHeaders["if-modified-since"] === route.lastModified;
  if (etagMatches || dateMatches) {
    res.writeHead(304, headers).end();
    return;
  }
  const body = route.gzip ? gzipSync(raw) : raw;
  if (route.gzip) headers["content-encoding"] = "gzip";
  // A route that asks for chunked encoding gets no Content-Length, so clients cannot size it up front.
  if (!headers["transfer-encoding"]) headers["content-length"] = body.length;
  res.writeHead(route.status ?? 200, headers);
  if (route.abortAfterBytes !== undefined) {
    res.write(body.subarray(0, route.abortAfterBytes), () => res.socket?.destroy());
    return;
  }
  if (route.stallAfterBytes !== undefined) {
    res.write(body.subarray(0, route.stallAfterBytes));
    return;
  }
  res.end(body);
}
