import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseRetryAfter, requestWithRetry } from "../../../src/providers/locks/http-retry";

let server: Server;
let url: string;
let hits = 0;

beforeAll(async () => {
  // Never answers: only a client-side timeout can end the request.
  server = createServer(() => void hits++);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hang`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

describe("requestWithRetry", () => {
  it("times out a hung vendor, retries, and reports a timeout", async () => {
    const delays: number[] = [];
    const out = await requestWithRetry(
      { method: "POST", url, headers: {}, body: {} },
      // Generous enough that a loaded CI machine has accepted the request before the client gives up.
      { timeoutMs: 400, retries: 1, baseDelayMs: 10, sleep: async (ms) => void delays.push(ms) },
    );
    expect(out).toMatchObject({ ok: false, status: 0, networkError: "timeout", attempts: 2 });
    expect(hits).toBe(2);
    expect(delays).toHaveLength(1);
  });

  it("reads Retry-After as seconds or an HTTP date", () => {
    expect(parseRetryAfter("3")).toBe(3000);
    expect(parseRetryAfter("Wed, 01 Jan 2030 00:00:10 GMT", Date.parse("2030-01-01T00:00:00Z"))).toBe(10_000);
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
