import { existsSync } from "node:fs";
import path from "node:path";
import { beforeEach } from "vitest";

/**
 * The real calendar exports in ../shared/fixtures/ical live beside the clone, not in it (CI puts them there).
 * They are the one test input allowed to be absent: the suites that read them skip, saying so, and the run's
 * last lines name them (test/support/skip-reporter.ts). Every other missing peer fails the run.
 */
export const SHARED_CORPUS = path.resolve(process.cwd(), "../shared/fixtures/ical");

export const sharedCorpusPresent = existsSync(SHARED_CORPUS);

/** Call inside a describe: each of its tests skips with the reason when the corpus is absent. */
export function skipWithoutSharedCorpus(): void {
  beforeEach((ctx) => {
    if (!sharedCorpusPresent) ctx.skip(`${SHARED_CORPUS} is absent (the shared calendar corpus sits beside the clone in CI)`);
  });
}
