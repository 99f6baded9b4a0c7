import type { Server } from "node:http";
import { serve, type ServerType } from "@hono/node-server";
import type { Hono } from "hono";
import { createApp } from "./app";
import type { ServiceDeps } from "./services/deps";
import { closeConnectionsGracefully } from "./lib/net/lingering-close";

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

/** Listens with the given deps; the caller owns the deps' lifecycle (DB handle, job engine). */
export function startHttpServer(deps: ServiceDeps, opts: { port: number; host: string }, app: Pick<Hono, "fetch"> = createApp(deps)): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    let server: ServerType;
    try {
      server = serve({ fetch: app.fetch, port: opts.port, hostname: opts.host }, (info) => {
        resolve({
          port: info.port,
          close: () => new Promise<void>((done) => server.close(() => done())),
        });
      });
      server.on("error", reject);
      closeConnectionsGracefully(server as Server); // serve() without createServer options is an HTTP/1.1 server
    } catch (err) {
      reject(err);
    }
  });
}
