import { buildRuntime } from "../runtime/build-runtime";
import { databasePath } from "../runtime/core-deps";
import { withCoreDeps } from "./context";
import { runServer, untilSignal } from "./run-server";
import type { CliIo, ParsedArgs } from "./types";

export async function serveCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const env = { ...io.env };
  if (typeof args.flags.port === "string") env.PORT = args.flags.port;
  const runtime = buildRuntime(env);
  const { deps } = runtime;
  const running = await runServer(runtime, { port: deps.config.PORT, host: deps.config.HOST });
  deps.logger.info({ port: running.port, database: databasePath(deps.config), jobs: deps.jobs.driver }, "staykey listening");
  if (args.json) io.out(JSON.stringify({ port: running.port }));
  else io.err(`staykey listening on http://localhost:${running.port} (data in ${deps.config.STAYKEY_DATA_DIR}, jobs: ${deps.jobs.driver})`);
  await untilSignal(running, deps.logger);
  return 0;
}

export async function migrateCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  // Opening the database applies any pending migration.
  const file = await withCoreDeps(io.env, (deps) => databasePath(deps.config));
  io.out(args.json ? JSON.stringify({ migrated: true, database: file }) : `database ${file} is up to date`);
  return 0;
}
