import path from "node:path";
import type { Reporter, TestModule } from "vitest/node";

/**
 * Ends every run by naming what was skipped and why, so a green run that tested less never looks like a full
 * one. A skip says why with `ctx.skip(reason)`; a skip without a reason is reported as such.
 */
export default class SkipReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>) {
    const groups = new Map<string, { file: string; reason: string; tests: number }>();
    for (const module of modules) {
      // A file that failed outside its tests (a beforeAll that threw) leaves them "skipped": say so, it is a failure.
      const fileError = module.state() === "failed" ? module.errors()[0]?.message ?? "a hook or import failed" : null;
      for (const test of module.children.allTests()) {
        const result = test.result();
        if (result.state !== "skipped") continue;
        const file = path.relative(process.cwd(), module.moduleId);
        const reason =
          result.note ??
          (fileError !== null
            ? `NOT RUN: its file failed before it could run (${fileError.split("\n")[0]!.slice(0, 160)})`
            : `no reason given (${test.options.mode === "todo" ? "todo" : "skip"} in the test)`);
        const key = `${file}\0${reason}`;
        const group = groups.get(key) ?? { file, reason, tests: 0 };
        group.tests += 1;
        groups.set(key, group);
      }
    }
    if (groups.size === 0) {
      process.stdout.write("\nskipped: nothing\n");
      return;
    }
    const total = [...groups.values()].reduce((n, g) => n + g.tests, 0);
    process.stdout.write(`\nskipped: ${total} test${total === 1 ? "" : "s"}, and why:\n`);
    for (const g of groups.values()) process.stdout.write(`  ${g.file} (${g.tests}): ${g.reason}\n`);
  }
}
