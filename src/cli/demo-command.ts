import { loadConfig } from "../config";
import { demoEnv } from "./demo-env";
import { ensurePortFree } from "./port-free";
import type { CliIo, ParsedArgs } from "./types";

export async function demoCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const env = { ...io.env };
  if (typeof args.flags.port === "string") env.PORT = args.flags.port;
  const config = loadConfig(demoEnv(env));
  await ensurePortFree(config.HOST, config.PORT, "demo");
  // Loaded only now, so a busy port is reported before the app's code is even read.
  const [{ startDemo }, { untilSignal }] = await Promise.all([import("./demo"), import("./run-server")]);
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
