import type { CoreDeps } from "../../deps";

/**
 * Business rules the API triggers but does not own (calendar sync, code planning, delivery). Each is
 * optional so the routes work before those services exist: the database row is the source of truth and a
 * sweep picks up whatever a missing hook would have started sooner.
 */
export interface ApiHooks {
  /** A host asked for a feed to sync now (its `nextSyncAt` is already set to now). */
  syncFeedNow?(feedId: string): Promise<void> | void;
  /** A stay's dates, overrides, guest contact or status changed (its `version` is already bumped). */
  onStayChanged?(stayId: string): Promise<void> | void;
}

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
