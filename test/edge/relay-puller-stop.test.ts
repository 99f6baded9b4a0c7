import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { systemClock } from "../../src/lib/clock";
import { silentLogger } from "../../src/lib/logger";
import { createRelayPuller } from "../../src/services/relay";

/**
 * workerd and Cloudflare gzip the relay's JSON, and Node 20's fetch can leave a gzip body read unsettled for good
 * when the abort lands as the body finishes, so a puller stopped at that moment would hang `staykey serve`'s shutdown
 * (seen under load in the Miniflare suites). A loopback relay that sends its gzip body in two parts, with stops
 * landing around the second, hits that moment within a few dozen tries.
 */
let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

async function gzipRelay(): Promise<string> {
  const page = gzipSync(JSON.stringify({ events: [], cursor: 0 }));
  server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
    res.write(page.subarray(0, 5));
    setTimeout(() => res.end(page.subarray(5)), Math.random() * 4);
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

const settledWithin = (promise: Promise<unknown>, ms: number) =>
  Promise.race([promise.then(() => true, () => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);

describe("relay puller shutdown", () => {
  it("settles every pull aborted while its gzip body arrives", async () => {
    const relayUrl = await gzipRelay();
    const puller = createRelayPuller({ relayUrl, token: "t", dispatch: async () => {}, clock: systemClock, logger: silentLogger, waitSeconds: 1 });
    let hung = 0;
    for (let i = 0; i < 150 && hung === 0; i++) {
      const controller = new AbortController();
      const pull = puller.pullOnce(controller.signal);
      setTimeout(() => controller.abort(), Math.random() * 4);
      if (!(await settledWithin(pull, 1_000))) hung += 1;
    }
    expect(hung).toBe(0);
  });
});
