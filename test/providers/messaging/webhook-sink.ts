import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedWebhook {
  url: string;
  headers: Record<string, string>;
  rawBody: string;
}

/** A loopback HTTP receiver standing in for our webhook routes: records raw requests, answers 204. */
export class WebhookSink {
  readonly received: ReceivedWebhook[] = [];
  private server!: Server;
  baseUrl = "";

  static async start(): Promise<WebhookSink> {
    const sink = new WebhookSink();
    sink.server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers[name] = value;
      sink.received.push({ url: `${sink.baseUrl}${req.url}`, headers, rawBody: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(204).end();
    });
    await new Promise<void>((resolve) => sink.server.listen(0, "127.0.0.1", resolve));
    sink.baseUrl = `http://127.0.0.1:${(sink.server.address() as AddressInfo).port}`;
    return sink;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
