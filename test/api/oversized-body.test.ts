import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHttpServer, type RunningServer } from "../../src/server";
import { testServiceDeps } from "../support/service-deps";

const LIMIT = 1024;
const tooBig = "x".repeat(3_000_000);

function send(agent: http.Agent, port: number, method: string, path: string, body?: string) {
  return new Promise<{ status: number; connection?: string; reused: boolean }>((resolve, reject) => {
    const headers = body === undefined ? {} : { "content-type": "application/json", "content-length": Buffer.byteLength(body) };
    const req = http.request({ agent, host: "127.0.0.1", port, method, path, headers }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode!, connection: res.headers.connection, reused: req.reusedSocket }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("a body over STAYKEY_MAX_BODY_BYTES on a real socket", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startHttpServer(testServiceDeps({ env: { STAYKEY_MAX_BODY_BYTES: String(LIMIT) } }), { port: 0, host: "127.0.0.1" });
  });
  afterAll(() => server.close());

  it("answers 413 with Connection: close, so a keep-alive client's next request goes out on a fresh connection and succeeds", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const refused = await send(agent, server.port, "POST", "/api/v1/properties", tooBig);
      const next = await send(agent, server.port, "GET", "/healthz").catch((err: NodeJS.ErrnoException) => ({ error: err.code }));
      expect(next).toMatchObject({ status: 200, reused: false });
      expect(refused).toMatchObject({ status: 413, connection: "close" });
    } finally {
      agent.destroy();
    }
  });

  it("closes in stages: a client still sending the refused body after the 413 arrived gets no reset, then a clean end", async () => {
    const socket = net.connect(server.port, "127.0.0.1");
    let received = "";
    const errors: string[] = [];
    socket.on("error", (err) => errors.push((err as NodeJS.ErrnoException).code ?? err.message));
    const firstBytes = new Promise<void>((resolve) => socket.once("data", () => resolve()));
    socket.on("data", (chunk) => (received += chunk.toString()));
    let ended = false;
    socket.once("end", () => (ended = true));
    const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));

    socket.write(`POST /api/v1/properties HTTP/1.1\r\nHost: staykey.test\r\nContent-Type: application/json\r\nContent-Length: ${tooBig.length}\r\n\r\n`);
    await firstBytes; // the server answered from Content-Length alone; an HTTP/1.1 client sends its body meanwhile
    await new Promise<void>((resolve) => socket.write(tooBig, () => resolve()));
    await closed; // a net socket answers the server's FIN with its own

    expect(errors).toEqual([]);
    expect(ended).toBe(true);
    expect(received).toMatch(/^HTTP\/1\.1 413 /);
    expect(received.toLowerCase()).toContain("connection: close");
    expect(received).toContain('"code":"payload_too_large"');
  });
});
