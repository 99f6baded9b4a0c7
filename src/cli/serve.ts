import { buildRuntime } from "../runtime/build-runtime";
import { databasePath, withCoreDeps } from "./context";
import { runServer, untilSignal } from "./run-server";
import type { CliCommand } from "./types";

export const serveCommand: CliCommand = {
  name: "serve",
  summary: "Run the API and dashboard (and, without REDIS_URL, the embedded job runner) in this process",
  usage: "staykey serve [--port 8787]",
  async run(args, io) {
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
  },
};

export const migrateCommand: CliCommand = {
  name: "migrate",
  summary: "Apply database migrations (serve does this too) and exit",
  usage: "staykey migrate [--json]",
  async run(args, io) {
    // Opening the database applies any pending migration.
    const file = await withCoreDeps(io.env, (deps) => databasePath(deps.config));
    io.out(args.json ? JSON.stringify({ migrated: true, database: file }) : `database ${file} is up to date`);
    return 0;
  },
};
