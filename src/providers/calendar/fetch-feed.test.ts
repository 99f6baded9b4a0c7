import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer as createHttpsServer } from "node:https";
import { type AddressInfo, createServer as createTcpServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FeedServer, startFeedServer } from "../../../test/peers/feed-server";
import { parseAllowList } from "../../lib/net/address-policy";
import { FEED_USER_AGENT, type FetchResult, fetchFeed } from "./fetch-feed";

const TOKEN = "s3cr3t-t0ken";
const ICAL = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Airbnb Inc//Hosting Calendar 0.8.8//EN\r\nEND:VCALENDAR\r\n";
// The feed server listens on loopback, which the guard refuses unless the operator allows it.
const allowList = parseAllowList("127.0.0.1/32");

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(() => server.close());

function expectError(result: FetchResult, reason: string): Extract<FetchResult, { status: "error" }> {
  if (result.status !== "error") throw new Error(`expected error ${reason}, got ${result.status}`);
  expect(result.reason).toBe(reason);
  expect(result.detail).not.toContain(TOKEN);
  expect(result.detail).not.toContain("/cal/");
  return result;
}

describe("fetchFeed over loopback", () => {
  it("returns the body with its validators, then a 304 for the conditional GET", async () => {
    const path = `/cal/etag.ics?s=${TOKEN}`;
    server.set(path, { body: ICAL, etag: true, lastModified: "Tue, 02 Jan 2024 10:00:00 GMT" });

    const first = await fetchFeed(server.url(path), { allowList });
    if (first.status !== "ok") throw new Error(JSON.stringify(first));
    expect(first.body.toString("utf8")).toBe(ICAL);
    expect(first).toMatchObject({ httpStatus: 200, bytes: ICAL.length, finalUrl: server.url(path) });
    expect(first.etag).toMatch(/^"[0-9a-f]{16}"$/);
    expect(first.lastModified).toBe("Tue, 02 Jan 2024 10:00:00 GMT");

    const second = await fetchFeed(server.url(path), { allowList, etag: first.etag });
    expect(second).toEqual({ status: "not_modified", httpStatus: 304 });
    const sent = server.requests(path);
    expect(sent[0]?.headers["if-none-match"]).toBeUndefined();
    expect(sent[1]?.headers["if-none-match"]).toBe(first.etag);
  });

  it("sends If-Modified-Since when only Last-Modified is known", async () => {
    server.set("/cal/lm.ics", { body: ICAL, lastModified: "Wed, 03 Jan 2024 08:00:00 GMT" });
    const result = await fetchFeed(server.url("/cal/lm.ics"), { allowList, lastModified: "Wed, 03 Jan 2024 08:00:00 GMT" });
    expect(result.status).toBe("not_modified");
    expect(server.requests("/cal/lm.ics")[0]?.headers["if-modified-since"]).toBe("Wed, 03 Jan 2024 08:00:00 GMT");
  });

  it("identifies itself and asks for compression", async () => {
    server.set("/cal/ua.ics", { body: ICAL });
    await fetchFeed(server.url("/cal/ua.ics"), { allowList });
    const headers = server.requests("/cal/ua.ics")[0]?.headers;
    expect(headers?.["user-agent"]).toBe(FEED_USER_AGENT);
    expect(headers?.["accept-encoding"]).toBe("gzip, br");
  });

  it("decodes gzip and brotli bodies", async () => {
    server.set("/cal/gzip.ics", { body: ICAL, gzip: true });
    server.set("/cal/br.ics", { body: brotliCompressSync(ICAL), headers: { "content-encoding": "br" } });
    for (const path of ["/cal/gzip.ics", "/cal/br.ics"]) {
      const result = await fetchFeed(server.url(path), { allowList });
      expect(result.status === "ok" && result.body.toString("utf8")).toBe(ICAL);
    }
  });

  it("follows relative and absolute redirects up to the limit and reports the final URL", async () => {
    server.set("/r/1", { redirectTo: "/r/2", status: 301 });
    server.set("/r/2", { redirectTo: server.url("/r/3"), status: 307 });
    server.set("/r/3", { redirectTo: `/cal/end.ics?s=${TOKEN}`, status: 308 });
    server.set("/cal/end.ics", { body: ICAL });
    const result = await fetchFeed(server.url("/r/1"), { allowList, maxRedirects: 3 });
    expect(result).toMatchObject({ status: "ok", finalUrl: server.url(`/cal/end.ics?s=${TOKEN}`) });
  });

  it("gives up on one redirect more than the limit", async () => {
    const result = await fetchFeed(server.url("/r/1"), { allowList, maxRedirects: 2 });
    expect(expectError(result, "too_many_redirects").detail).toContain("127.0.0.1");
    server.set("/loop", { redirectTo: "/loop" });
    expectError(await fetchFeed(server.url("/loop"), { allowList }), "too_many_redirects");
    expect(server.requests("/loop")).toHaveLength(4);
  });

  it("reports an HTTP error status with the host only", async () => {
    server.set(`/cal/down.ics`, { status: 503, body: "busy" });
    const result = expectError(await fetchFeed(server.url(`/cal/down.ics?s=${TOKEN}`), { allowList }), "http_status");
    expect(result.httpStatus).toBe(503);
    expect(result.detail).toBe("127.0.0.1 answered HTTP 503");
  });

  it("hands an HTML error page back as a body, leaving the verdict to the parser", async () => {
    server.set("/cal/html.ics", { body: "<!doctype html><title>Oops</title>", headers: { "content-type": "text/html" } });
    const result = await fetchFeed(server.url("/cal/html.ics"), { allowList });
    expect(result.status === "ok" && result.body.toString("utf8")).toContain("<title>Oops");
  });

  it("fails a body the server cuts short instead of returning part of a feed", async () => {
    server.set("/cal/cut.ics", { body: ICAL.repeat(50), abortAfterBytes: 100 });
    server.set("/cal/cut-chunked.ics", { body: ICAL.repeat(50), abortAfterBytes: 100, headers: { "transfer-encoding": "chunked" } });
    server.set("/cal/cut-gzip.ics", { body: ICAL.repeat(50), gzip: true, abortAfterBytes: 30 });
    for (const path of ["/cal/cut.ics", "/cal/cut-chunked.ics", "/cal/cut-gzip.ics"]) {
      const result = expectError(await fetchFeed(server.url(`${path}?s=${TOKEN}`), { allowList }), "network");
      expect(result.detail).toContain("127.0.0.1");
    }
  });

  it("fails a complete response whose gzip stream stops early, and an unknown encoding", async () => {
    const gzipped = gzipSync(ICAL.repeat(50));
    server.set("/cal/short-gzip.ics", { body: gzipped.subarray(0, gzipped.length - 12), headers: { "content-encoding": "gzip" } });
    const short = expectError(await fetchFeed(server.url("/cal/short-gzip.ics"), { allowList }), "network");
    expect(short.detail).toBe("127.0.0.1 sent a body that does not decode as gzip");
    server.set("/cal/zstd.ics", { body: ICAL, headers: { "content-encoding": "zstd" } });
    expect(expectError(await fetchFeed(server.url("/cal/zstd.ics"), { allowList }), "network").detail).toContain("zstd");
  });

  it("decodes a gzip body that arrives faster than it inflates, in full", async () => {
    // Incompressible, so megabytes come off the wire in large reads and the decoder falls behind.
    const noise = randomBytes(4 * 1024 * 1024);
    server.set("/cal/noise.ics", { body: noise, gzip: true });
    const result = await fetchFeed(server.url("/cal/noise.ics"), { allowList });
    expect(result.status === "ok" && result.body.equals(noise)).toBe(true);
  });

  it("decodes a zlib-wrapped deflate body", async () => {
    server.set("/cal/deflate.ics", { body: deflateSync(ICAL), headers: { "content-encoding": "deflate" } });
    const result = await fetchFeed(server.url("/cal/deflate.ics"), { allowList });
    expect(result.status === "ok" && result.body.toString("utf8")).toBe(ICAL);
  });

  it("hands the socket back to the pool after plain, chunked and gzip bodies", async () => {
    const body = ICAL.repeat(2000); // several socket reads, so the body really streams
    server.set("/cal/pool-plain.ics", { body });
    server.set("/cal/pool-chunked.ics", { body, headers: { "transfer-encoding": "chunked" } });
    server.set("/cal/pool-gzip.ics", { body, gzip: true });
    const paths = ["/cal/pool-plain.ics", "/cal/pool-chunked.ics", "/cal/pool-gzip.ics"];
    await fetchFeed(server.url(paths[0] as string), { allowList });
    const before = server.connectionCount();
    for (const path of [...paths, ...paths]) {
      const result = await fetchFeed(server.url(path), { allowList });
      expect(result.status === "ok" && result.body.toString("utf8")).toBe(body);
    }
    expect(server.connectionCount()).toBe(before);
  });

  it("times out a server that never answers, within the total budget", async () => {
    server.set(`/cal/hang.ics`, { hang: true });
    const started = Date.now();
    const result = await fetchFeed(server.url(`/cal/hang.ics?s=${TOKEN}`), { allowList, timeoutMs: 300 });
    expectError(result, "timeout");
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("times out a server that starts the body and then goes silent", async () => {
    server.set("/cal/drip.ics", { body: ICAL.repeat(20), stallAfterBytes: 40 });
    expectError(await fetchFeed(server.url("/cal/drip.ics"), { allowList, timeoutMs: 300 }), "timeout");
  });

  it("applies the connect timeout to DNS and the handshake, not to a slow response", async () => {
    const hangingDns = () => new Promise<never>(() => {});
    const result = await fetchFeed(`http://slow-dns.test:${server.port}/cal/x.ics?s=${TOKEN}`, {
      resolver: hangingDns,
      connectTimeoutMs: 150,
      timeoutMs: 5_000,
    });
    expect(expectError(result, "connect_timeout").detail).toContain("slow-dns.test");

    server.set("/cal/slow.ics", { body: ICAL, delayMs: 300 });
    const slow = await fetchFeed(server.url("/cal/slow.ics"), { allowList, connectTimeoutMs: 100 });
    expect(slow.status).toBe("ok");
  });

  it("maps a name that does not resolve to a DNS error", async () => {
    const noSuchHost = async () => {
      throw Object.assign(new Error("nope"), { code: "ENOTFOUND" });
    };
    const result = await fetchFeed(`http://gone.test/cal/x.ics?s=${TOKEN}`, { resolver: noSuchHost });
    expect(expectError(result, "dns").detail).toContain("gone.test");
  });

  it("refuses a body over the cap from its Content-Length, while streaming, and after decoding", async () => {
    const big = "X".repeat(64 * 1024);
    server.set("/cal/big.ics", { body: big });
    server.set("/cal/big-chunked.ics", { body: big, headers: { "transfer-encoding": "chunked" } });
    server.set("/cal/big-gzip.ics", { body: big, gzip: true });
    for (const path of ["/cal/big.ics", "/cal/big-chunked.ics", "/cal/big-gzip.ics"]) {
      expectError(await fetchFeed(server.url(path), { allowList, maxBytes: 16 * 1024 }), "too_large");
    }
    // A body cut at the cap leaves its socket unusable; the next fetch must not trip over it.
    for (const path of ["/cal/big.ics", "/cal/big-chunked.ics", "/cal/big-gzip.ics"]) {
      const result = await fetchFeed(server.url(path), { allowList, maxBytes: 64 * 1024 });
      expect(result.status === "ok" && result.bytes).toBe(big.length);
    }
  });

  it("stops inflating a gzip bomb at the cap", async () => {
    // 20 gzip members of 10 MB of zeros: ~200 kB on the wire, 200 MB if decoded whole.
    const bomb = Buffer.concat(Array(20).fill(gzipSync(Buffer.alloc(10 * 1024 * 1024))));
    server.set("/cal/bomb.ics", { body: bomb, headers: { "content-encoding": "gzip" } });
    const rssBefore = process.memoryUsage().rss;
    const result = await fetchFeed(server.url("/cal/bomb.ics"), { allowList, maxBytes: 1024 * 1024 });
    expect(expectError(result, "too_large").detail).toContain("1048576");
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(100 * 1024 * 1024);
  });
});

/**
 * A raw HTTP/1.1 server for what node's own server will not do: `answer` gets the connection's socket and the
 * 1-based number of the request on it, and writes whatever bytes it likes.
 */
async function startRawServer(answer: (socket: Socket, nth: number) => void): Promise<{ url: (path: string) => string; connections: () => number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const raw = createTcpServer((socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    let seen = 0;
    let pending = "";
    socket.on("data", (data) => {
      pending += data.toString("latin1");
      while (pending.includes("\r\n\r\n")) {
        pending = pending.slice(pending.indexOf("\r\n\r\n") + 4);
        seen += 1;
        answer(socket, seen);
      }
    });
  });
  await new Promise<void>((resolve) => raw.listen(0, "127.0.0.1", resolve));
  const { port } = raw.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    connections: () => connections,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => raw.close(resolve));
    },
  };
}

describe("fetchFeed against servers that bend HTTP/1.1", () => {
  it("retries once on a fresh socket when the pooled one was closed while idle", async () => {
    // Every connection answers its first request and silently drops the second: the keep-alive race, made certain.
    const raw = await startRawServer((socket, nth) => {
      if (nth > 1) return void socket.destroy();
      socket.write(`HTTP/1.1 200 OK\r\nContent-Type: text/calendar\r\nContent-Length: ${ICAL.length}\r\n\r\n${ICAL}`);
    });
    try {
      for (let i = 0; i < 3; i++) {
        const result = await fetchFeed(raw.url(`/cal/race.ics?s=${TOKEN}`), { allowList });
        expect(result.status === "ok" && result.body.toString("utf8")).toBe(ICAL);
      }
      expect(raw.connections()).toBe(3);
    } finally {
      await raw.close();
    }
  });

  it("gives up when the fresh socket fails as well", async () => {
    const raw = await startRawServer((socket) => void socket.destroy());
    try {
      const result = expectError(await fetchFeed(raw.url(`/cal/reset.ics?s=${TOKEN}`), { allowList }), "network");
      expect(result.detail).toContain("127.0.0.1");
    } finally {
      await raw.close();
    }
  });

  it("reads a body delimited by the connection closing, and still caps it", async () => {
    const raw = await startRawServer((socket) => {
      socket.end(`HTTP/1.1 200 OK\r\nContent-Type: text/calendar\r\nConnection: close\r\n\r\n${ICAL.repeat(100)}`);
    });
    try {
      const result = await fetchFeed(raw.url("/cal/close.ics"), { allowList });
      expect(result.status === "ok" && result.body.toString("utf8")).toBe(ICAL.repeat(100));
      expectError(await fetchFeed(raw.url("/cal/close.ics"), { allowList, maxBytes: ICAL.length * 50 }), "too_large");
    } finally {
      await raw.close();
    }
  });
});

// openssl makes a throwaway certificate; scripts/test-peers.sh (npm test's pretest) makes sure it is there.
describe("fetchFeed over TLS", () => {
  it("refuses a certificate it cannot verify rather than fetching anyway", async () => {
    const dir = mkdtempSync(join(tmpdir(), "staykey-tls-"));
    try {
      execFileSync("openssl", [
        "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
        "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"),
      ], { stdio: "ignore" });
      const tls = createHttpsServer({ key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) }, (_req, res) =>
        res.end(ICAL),
      );
      await new Promise<void>((resolve) => tls.listen(0, "127.0.0.1", resolve));
      try {
        const { port } = tls.address() as AddressInfo;
        const result = await fetchFeed(`https://127.0.0.1:${port}/cal/tls.ics?s=${TOKEN}`, { allowList });
        expect(expectError(result, "network").detail).toContain("SELF_SIGNED");
      } finally {
        tls.closeAllConnections();
        await new Promise((resolve) => tls.close(resolve));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
