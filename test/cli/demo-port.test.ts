import { existsSync, mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cliIn } from "./run-cli";

let holder: Server | undefined;
afterEach(() => new Promise<void>((done) => (holder ? holder.close(() => done()) : done())));

/** What `npm start` does to a port: listens on every interface. */
async function holdAPort(): Promise<number> {
  holder = createServer();
  await new Promise<void>((resolve) => holder!.listen({ port: 0, host: "0.0.0.0" }, resolve));
  return (holder.address() as { port: number }).port;
}

describe("staykey demo on a port that is taken", () => {
  it("says the port is in use and how to pick another, before it creates, seeds or starts anything", async () => {
    const port = await holdAPort();
    const dataDir = join(mkdtempSync(join(tmpdir(), "staykey-demo-port-")), "data");
    const res = await cliIn(dataDir)(["demo", "--port", String(port)]);
    expect(res.code).toBe(2);
    expect(res.err).toBe(
      `staykey demo: port ${port} on 127.0.0.1 is already in use (is staykey already running there?): choose another with staykey demo --port ${port + 1}, or --port 0 for any free one`,
    );
    expect(existsSync(dataDir)).toBe(false);
  });

  it("looks at the PORT the environment gives when there is no --port", async () => {
    const port = await holdAPort();
    const dataDir = join(mkdtempSync(join(tmpdir(), "staykey-demo-port-")), "data");
    const res = await cliIn(dataDir, { PORT: String(port) })(["demo", "--json"]);
    expect(res.code).toBe(2);
    expect(JSON.parse(res.out).error).toMatch(new RegExp(`^port ${port} on 127\\.0\\.0\\.1 is already in use`));
    expect(existsSync(dataDir)).toBe(false);
  });
});
