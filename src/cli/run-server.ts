import type { AppDeps } from "../app";
import { startJobs } from "../jobs/runtime";
import type { Runtime } from "../runtime/build-runtime";
import { appDepsFor } from "../runtime/wiring";
import { startHttpServer, type RunningServer } from "../server";

export interface RunServerOptions {
  port: number;
  host: string;
  /** Extra HTTP surface for this process (the demo's sample calendar). */
  app?: Pick<AppDeps, "demoCalendar">;
  /**
   * Runs once the server listens and before the embedded jobs start: the demo's feed URL needs the real port, and its
   * first sync should land before the planner runs.
   */
  beforeJobs?: (port: number) => Promise<void>;
}

export interface RunningStaykey {
  port: number;
  /** Stops accepting requests, lets running jobs finish, closes the database. */
  stop(): Promise<void>;
}

/**
 * What `serve` and `demo` share: the HTTP app on the runtime's deps and, without REDIS_URL, the embedded job runner
 * in this process (with Redis, jobs run in `staykey worker` processes and this one only enqueues).
 */
export async function runServer(runtime: Runtime, opts: RunServerOptions): Promise<RunningStaykey> {
  const { deps } = runtime;
  let server: RunningServer;
  try {
    server = await startHttpServer({ ...appDepsFor(deps), ...opts.app }, { port: opts.port, host: opts.host });
  } catch (err) {
    await runtime.close();
    throw err;
  }
  const stop = async () => {
    await server.close();
    await runtime.close();
  };
  try {
    await opts.beforeJobs?.(server.port);
    if (deps.jobs.driver === "embedded") await startJobs(deps.jobs, runtime.handlers);
  } catch (err) {
    await stop();
    throw err;
  }
  return { port: server.port, stop };
}

/** Resolves on SIGTERM or SIGINT, after `running` stopped. */
export function untilSignal(running: RunningStaykey, log: { info(obj: object, msg: string): void }): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = async (signal: string) => {
      log.info({ signal }, "shutting down: finishing running jobs");
      await running.stop();
      resolve();
    };
    process.once("SIGTERM", () => void stop("SIGTERM"));
    process.once("SIGINT", () => void stop("SIGINT"));
  });
}
