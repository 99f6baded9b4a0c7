import { buildRuntime, type Runtime } from "../runtime/build-runtime";
import { syncFeed } from "../services/calendar/sync-feed";
import { applySampleGuests, seedDemo, withDemoFeedHost, type DemoSeed } from "../services/demo";
import { describeSync } from "../services/calendar/sync-now";
import { demoEnv } from "./demo-env";
import { runServer } from "./run-server";
import { CliUsageError } from "./types";

export interface RunningDemo {
  /** The sign-in page. */
  url: string;
  port: number;
  seed: DemoSeed;
  /** The first sync's result, in the dashboard's words. */
  sync: { ok: boolean; summary: string };
  runtime: Runtime;
  stop(): Promise<void>;
}

/** The loopback address the demo fetches its own calendar from, given where it listens. */
export function loopbackFor(host: string): { address: string; urlHost: string } {
  if (["0.0.0.0", "::", "127.0.0.1", "localhost"].includes(host)) return { address: "127.0.0.1", urlHost: "127.0.0.1" };
  if (host === "::1") return { address: "::1", urlHost: "[::1]" };
  throw new CliUsageError(`the demo fetches its sample calendar from itself over loopback; set HOST to 127.0.0.1 (the default) or 0.0.0.0, not ${host}`);
}

/**
 * Seeds the demo account, starts the server like `serve`, and syncs the sample calendar before the job runner starts,
 * so the sample guests' contact details are on their stays when the codes are confirmed and the messages scheduled.
 */
export async function startDemo(env: Record<string, string | undefined>, opts: { port?: number; logLevel?: string } = {}): Promise<RunningDemo> {
  const runtime = buildRuntime(demoEnv(env), { logLevel: opts.logLevel });
  const { deps } = runtime;
  let loopback: ReturnType<typeof loopbackFor>;
  try {
    loopback = loopbackFor(deps.config.HOST);
  } catch (err) {
    await runtime.close();
    throw err;
  }
  // Widened in this process's deps only (see withDemoFeedHost): the sample calendar lives on our own loopback address.
  deps.feedFetch = withDemoFeedHost(deps.feedFetch, loopback.address);
  let seed: DemoSeed | undefined;
  let sync: RunningDemo["sync"] = { ok: false, summary: "not run" };
  const running = await runServer(runtime, {
    port: opts.port ?? deps.config.PORT,
    host: deps.config.HOST,
    app: { demoCalendar: true },
    beforeJobs: async (port) => {
      seed = await seedDemo(deps, { origin: `http://${loopback.urlHost}:${port}` });
      sync = describeSync(await syncFeed(deps, seed.feedId, { actor: "demo" }));
      await applySampleGuests(deps, seed.feedId);
    },
  });
  return { url: `http://${loopback.urlHost}:${running.port}/login`, port: running.port, seed: seed!, sync, runtime, stop: running.stop };
}
