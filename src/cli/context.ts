import type { CoreDeps } from "../deps";
import { coreDepsFromEnv } from "../runtime/core-deps";

/** Runs a short command against the database and always closes it, whatever the command throws. */
export async function withCoreDeps<T>(env: Record<string, string | undefined>, fn: (deps: CoreDeps) => Promise<T> | T): Promise<T> {
  const deps = coreDepsFromEnv(env, { logLevel: "warn" });
  try {
    return await fn(deps);
  } finally {
    deps.db.$client.close();
  }
}
