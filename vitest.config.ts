import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts", "test/**/*.test.tsx", "src/**/*.test.tsx"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: forks keep native modules (better-sqlite3) isolated and the machine responsive.
    pool: "forks",
    maxWorkers: 2,
    // The second names every skipped test and why at the end of the run.
    reporters: ["default", "./test/support/skip-reporter.ts"],
  },
});
