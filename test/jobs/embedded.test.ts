import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { openDatabase, type Db } from "../../src/db/client";
import { EmbeddedJobQueue } from "../../src/jobs/embedded/embedded-queue";
import { contractDefinitions, contractQueueConfigs } from "./contract-jobs";
import { jobQueueContract } from "./contract";

// A file, not :memory:, so the durability claims are tested against what a host actually runs.
const dir = mkdtempSync(join(tmpdir(), "staykey-jobs-"));
const db: Db = openDatabase(join(dir, "staykey.db"));
afterAll(() => {
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

jobQueueContract("embedded", {
  db: () => db,
  create: (opts) =>
    new EmbeddedJobQueue({
      db,
      definitions: contractDefinitions,
      queueConfigs: contractQueueConfigs,
      leaseMs: opts?.fastFailover ? 600 : 30_000,
      stopGraceMs: 2_000,
    }),
  wipe: async () => {
    db.$client.exec("DELETE FROM jobs");
  },
});
