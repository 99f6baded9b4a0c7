import { buildRuntime, type Runtime } from "../runtime/build-runtime";
import { syncFeed } from "../services/calendar/sync-feed";
import { applySampleGuests, seedDemo, withDemoFeedHost, type DemoSeed } from "../services/demo";
import { describeSync } from "../services/web/sync-feed-hook";
import { runServer, untilSignal } from "./run-server";
import { CliUsageError, type CliIo, type ParsedArgs } from "./types";

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

/**
 * The demo runs everything in this process on the built-in providers: embedded jobs, the simulated lock and the
 * outbox. The sample guests' numbers are fictional, and a configured Twilio or SMTP account must never be asked to
 * reach them, so those settings are dropped for this process only.
 */
export function demoEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const out = { ...env };
  for (const key of Object.keys(out)) if (key === "REDIS_URL" || key.startsWith("TWILIO_") || key.startsWith("SMTP_")) delete out[key];
  // A demo prints a password; it listens on this machine only unless told otherwise.
  if (!out.HOST) out.HOST = "127.0.0.1";
  return out;
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

export async function demoCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const env = { ...io.env };
  if (typeof args.flags.port === "string") env.PORT = args.flags.port;
  // The terminal is for the sign-in details, not job chatter: logs stay quiet unless asked for.
  const demo = await startDemo(env, { logLevel: env.STAYKEY_LOG_LEVEL ? undefined : "error" });
  const { seed } = demo;
  // Printed once on stdout for the person at the terminal; never passed to the logger.
  if (args.json) {
    io.out(JSON.stringify({ url: demo.url, port: demo.port, propertyId: seed.propertyId, sync: demo.sync, host: seed.host, cleaner: seed.cleaner }));
  } else {
    io.out(
      [
        `staykey demo is running: ${demo.url}`,
        "",
        `  host     ${seed.host.email}     password ${seed.host.password}`,
        `  cleaner  ${seed.cleaner.email}  password ${seed.cleaner.password}`,
        "",
        `${seed.propertyName}'s sample Airbnb calendar is served by this server; first sync: ${demo.sync.summary}`,
        "Within a minute its page shows the upcoming stays with their codes active on the simulated lock, and the",
        "Outbox shows the guests' messages (the outbox is where texts and emails land; nothing leaves this machine).",
        "New passwords are set every time you run staykey demo. Ctrl+C stops it.",
      ].join("\n"),
    );
  }
  await untilSignal({ port: demo.port, stop: demo.stop }, demo.runtime.deps.logger);
  return 0;
}
