import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Socket } from "node:net";

/** How long a closing connection keeps discarding what the client still sends (Go waits 500 ms, nginx up to 5 s). */
const LINGER_MS = 2_000;

/**
 * A response sent before its request body was read (a 413 answered from Content-Length) leaves that body on the wire.
 * Node discards it only when nobody started reading; the fetch adapter has, and its stream pauses the request for
 * good once its queue is full, so the rest of the body is never read. Discard it the way Node's own `_dump` does.
 */
function discardUnreadBody(req: IncomingMessage): void {
  if (req.complete || req.destroyed) return;
  req.removeAllListeners("data");
  req.resume();
}

/**
 * Node ends a `Connection: close` response with `socket.destroySoon()`: FIN, then the descriptor is closed at once.
 * A client still sending the body we refused then gets a reset, and a reset can erase the response before the client
 * reads it (RFC 9112 §9.6). Close in stages instead, as nginx and Go do: half-close, keep reading and discarding until
 * the client closes its side or LINGER_MS pass, then close.
 */
function lingeringClose(this: Socket): void {
  if (this.destroyed || this.writableEnded) return;
  const timer = setTimeout(() => this.destroy(), LINGER_MS);
  timer.unref();
  this.once("close", () => clearTimeout(timer));
  this.once("end", () => this.destroy());
  this.end();
}

export function closeConnectionsGracefully(server: Server): void {
  server.on("connection", (socket: Socket) => {
    socket.destroySoon = lingeringClose;
  });
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    res.once("finish", () => discardUnreadBody(req));
  });
}
