import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runServer } from "../../src/cli/run-server";
import { buildRuntime } from "../../src/runtime/build-runtime";

const dir = mkdtempSync(join(tmpdir(), "staykey-metrics-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("STAYKEY_METRICS_PORT", () => {
  it("serves metrics on their own loopback port and not on the public one, and serve is ready with its embedded runner", async () => {
    const runtime = buildRuntime(
      { STAYKEY_DATA_DIR: dir, STAYKEY_METRICS_PORT: "0", STAYKEY_PARSE_THREADS: "1", STAYKEY_METRICS_TOKEN: "ignored-when-a-port-is-set" },
      { logLevel: "silent" },
    );
    const running = await runServer(runtime, { port: 0, host: "127.0.0.1" });
    try {
      expect(running.metricsPort).toBeGreaterThan(0);
      const metrics = await fetch(`http://127.0.0.1:${running.metricsPort}/metrics`);
      expect(metrics.status).toBe(200);
      expect(metrics.headers.get("content-type")).toContain("text/plain");
      const text = await metrics.text();
      expect(Number(/staykey_sqlite_bytes\{file="database"\} (\d+)/.exec(text)?.[1])).toBeGreaterThan(0);
      expect(text).toMatch(/staykey_sqlite_bytes\{file="wal"\} \d+/);
      expect(text).toMatch(/staykey_feed_reader_threads\{state="configured"\} 1/);
      expect(text).toMatch(/staykey_jobs\{queue="calendar-sync",state="delayed"\} \d+/);

      const publicMetrics = await fetch(`http://127.0.0.1:${running.port}/metrics`, { headers: { authorization: "Bearer ignored-when-a-port-is-set" } });
      expect(publicMetrics.status).toBe(404);
      const ready = await fetch(`http://127.0.0.1:${running.port}/readyz`);
      expect(await ready.json()).toMatchObject({ status: "ready", failed: [] });
      expect((await fetch(`http://127.0.0.1:${running.metricsPort}/readyz`)).status).toBe(200);
    } finally {
      await running.stop();
    }
  });
});
