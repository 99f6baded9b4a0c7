import { createServer } from "node:net";
import { CliUsageError } from "./types";

/**
 * Refuses at once when something already listens on host:port, so a second `staykey demo` beside `npm start` says
 * so before it seeds or starts anything, instead of failing on EADDRINUSE after the whole start-up. Port 0 (any free
 * port) always passes.
 */
export async function ensurePortFree(host: string, port: number, command: string): Promise<void> {
  if (port === 0) return;
  const inUse = await new Promise<boolean>((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (err: NodeJS.ErrnoException) => (err.code === "EADDRINUSE" ? resolve(true) : reject(err)));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(false)));
  });
  if (inUse) {
    throw new CliUsageError(
      `port ${port} on ${host} is already in use (is staykey already running there?): choose another with staykey ${command} --port ${port === 65535 ? 8788 : port + 1}, or --port 0 for any free one`,
    );
  }
}
