import { startJobs } from "../jobs/runtime";
import { buildRuntime } from "../runtime/build-runtime";
import { appDepsFor } from "../runtime/wiring";
import { startHttpServer } from "../server";
import { coreDepsFromEnv, databasePath } from "./context";
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
    // With Redis, jobs run in `staykey worker` processes; this process only enqueues.
    if (deps.jobs.driver === "embedded") await startJobs(deps.jobs, runtime.handlers);
    const server = await startHttpServer(appDepsFor(deps), { port: deps.config.PORT, host: deps.config.HOST });
    deps.logger.info({ port: server.port, database: databasePath(deps.config), jobs: deps.jobs.driver }, "staykey listening");
    if (args.json) io.out(JSON.stringify({ port: server.port }));
    else io.err(`staykey listening on http://localhost:${server.port} (data in ${deps.config.STAYKEY_DATA_DIR}, jobs: ${deps.jobs.driver})`);
    await new Promise<void>((resolve) => {
      const stop = async (signal: string) => {
        deps.logger.info({ signal }, "shutting down: finishing running jobs");
        await server.close();
        await runtime.close();
        resolve();
      };
      process.once("SIGTERM", () => void stop("SIGTERM"));
      process.once("SIGINT", () => void stop("SIGINT"));
    });
    return 0;
  },
};

export const migrateCommand: CliCommand = {
  name: "migrate",
  summary: "Apply database migrations (serve does this too) and exit",
  usage: "staykey migrate [--json]",
  async run(args, io) {
    const deps = coreDepsFromEnv(io.env, { logLevel: "warn" });
    const file = databasePath(deps.config);
    deps.db.$client.close();
    io.out(args.json ? JSON.stringify({ migrated: true, database: file }) : `database ${file} is up to date`);
    return 0;
  },
};
