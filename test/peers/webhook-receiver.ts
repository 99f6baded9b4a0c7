import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  /** The body exactly as it arrived: what a signature covers. */
  rawBody: string;
  /** The status this receiver answered with. */
  status: number;
}

/**
 * An integrator's webhook receiver on loopback: records every request as received and answers the scripted statuses
 * in order (the last one repeats; 200 when none is scripted).
 */
export async function startWebhookReceiver() {
  const received: ReceivedWebhook[] = [];
  let script: number[] = [];
  const waiters: Array<() => void> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const status = script.length > 1 ? script.shift()! : (script[0] ?? 200);
      received.push({ path: req.url ?? "/", headers: req.headers, rawBody: Buffer.concat(chunks).toString("utf8"), status });
      res.writeHead(status, { "content-type": "text/plain" }).end(status < 300 ? "ok" : "no");
      for (const wake of waiters.splice(0)) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path = "/hook") => `http://127.0.0.1:${port}${path}`,
    received,
    /** The statuses the next requests get, in order; the last one repeats. */
    answer(...statuses: number[]) {
      script = statuses;
    },
    /** Resolves once `count` requests have arrived; fails after `timeoutMs`. */
    async waitFor(count: number, timeoutMs = 20_000): Promise<ReceivedWebhook[]> {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} webhook requests, got ${received.length}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
      return received.slice(0, count);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;
