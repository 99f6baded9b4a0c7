import type { CoreDeps } from "../../deps";
import type { ApiHooks } from "../../services/api-hooks";

export type { ApiHooks };

export type V1Deps = CoreDeps & { services?: ApiHooks };

/** Runs a hook after the write committed. A failing hook is logged, not surfaced: the write stands and the sweep retries. */
export async function afterCommit(deps: V1Deps, hook: keyof ApiHooks, id: string): Promise<void> {
  const fn = deps.services?.[hook];
  if (!fn) return;
  try {
    await fn.call(deps.services, id);
  } catch (err) {
    deps.logger.warn({ hook, id, err: { name: (err as Error).name, message: (err as Error).message } }, "post-commit hook failed");
  }
}
